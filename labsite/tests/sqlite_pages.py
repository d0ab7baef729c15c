"""Run by test_sqlite_pages.py in a process of its own: on a SQLite file (the
database of `make run`), migrate, seed the demo, then open, as every demo
persona, a page of every detail kind, its "who can see this" page and the API's
"why", and print each one that answered 500 or raised. SQLite is not the test
database: a query written for PostgreSQL alone fails only here."""

import os
import sys

sys.path.insert(0, os.getcwd())
os.environ.update({"DJANGO_SETTINGS_MODULE": "labsite.settings.local", "DATABASE_URL": f"sqlite:///{sys.argv[1]}"})

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

import people.demo  # noqa: E402
import projects.demo  # noqa: E402
import transfer.demo  # noqa: E402
from notifications.services import calendar_feed_create  # noqa: E402
from people.demo import PERSONAS  # noqa: E402
from people.models import Position, User  # noqa: E402
from projects.models import Project  # noqa: E402
from transfer.models import Agreement, Innovation  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    people.demo.seed()
    projects.demo.seed()
    transfer.demo.seed()
    people.demo.seed_content()
    projects.demo.seed_content()
    transfer.demo.seed_content()
    pages = [f"/people/{User.objects.order_by('pk').last().pk}/"]
    for records in (Project.objects.all(), Position.objects.all(), Innovation.objects.all(), Agreement.objects.all()):
        pages += [record.get_absolute_url() for record in records.order_by("pk")[:2]]
    pages += [f"{page}access/" for page in list(pages)]
    pages += [f"/api/projects/{project.pk}/access/me/" for project in Project.objects.order_by("pk")[:2]]
    pages += ["/access-review/", "/access-review/?tab=accounts", "/access-review/?tab=projects&recent=on"]
    # The header's search, over every kind (each selector's search without PostgreSQL's full text).
    pages += ["/search/?q=card", "/search/?q=HEARTWATCH", "/search/suggest/?q=ca", "/api/search/?q=neuro"]
    # Each list's own search (``q``), its fields read through their relations.
    pages += ["/people/?q=card", "/host-positions/?q=card", "/secondments/?q=neuro", "/calls/?q=appel"]
    pages += ["/chairs/?q=chaire", "/transfer/agreements/?q=card", "/api/host-positions/?q=card"]
    pages += ["/api/agreements/?q=card"]
    # The profile, with its calendar section, and each persona's calendar feed (its sections' SQL).
    pages += ["/me/"]
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    for persona in PERSONAS:
        user = User.objects.get(username=persona.username)
        client.force_login(user)
        for page in [*pages, f"/calendar/{calendar_feed_create(user=user, by=user)}.ics"]:
            try:
                status = client.get(page).status_code
            except Exception as error:  # noqa: BLE001  # every failure is reported, not only the first
                status = f"{type(error).__name__}: {error}"
            if status not in (200, 403, 404):
                print(f"{persona.username} GET {page}: {status}")


main()
