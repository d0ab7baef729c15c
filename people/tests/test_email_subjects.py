"""Email subjects are plain text: a name with an apostrophe or an angle bracket
arrives as written, while the HTML part escapes it."""

import pytest
from django.db import transaction

from core.models import Email
from people.tests.positions import host, submit

pytestmark = pytest.mark.django_db


def test_names_arrive_as_written_in_subjects_and_escaped_in_html(personas):
    clinician = personas["clinician"]
    clinician.last_name = "O'Brien <Cardio>"
    clinician.language = "en"
    clinician.save()
    with transaction.atomic():
        submit(host(clinician))

    emails = list(Email.objects.filter(key__startswith="position:"))
    assert emails
    for email in emails:
        assert "O'Brien <Cardio>" in email.subject, email.subject
        assert "&#x27;" not in email.subject and "&lt;" not in email.subject
        assert "<title>" in email.body_html
        title = email.body_html.split("<title>", 1)[1].split("</title>", 1)[0]
        assert "O&#x27;Brien &lt;Cardio&gt;" in title, title
