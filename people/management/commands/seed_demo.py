from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Create the demo accounts and data (SPEC §6). Idempotent; refuses to run with DEBUG off."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("seed_demo creates accounts with a known password: it runs only with DEBUG on.")
        with transaction.atomic():
            # Each app seeds its own data in its demo.py, lowest app first.
            for config in apps.get_app_configs():
                module = f"{config.name}.demo"
                if find_spec(module) is not None and config.path.startswith(str(settings.BASE_DIR)):
                    import_module(module).seed()
        self.stdout.write(self.style.SUCCESS(f"Demo ready; every account's password is the DEMO_PASSWORD ({'default' if settings.DEMO_PASSWORD == 'labsite-demo' else 'set'})."))
