"""The people/ pages: directory and search, profile, language switch, signing in."""

import re

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from core.models import AuditEvent, Email
from people.models import User


def without_tokens(html: bytes) -> bytes:
    """The page without its per-response values: CSRF tokens and the CSP nonce."""
    html = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)
    return re.sub(rb'nonce="[^"]+"', b"", html)


def listed(response) -> set[str]:
    return {person.username for person in response.context["page"]}


def test_directory_lists_all_staff_for_a_staff_member(sign_in):
    response = sign_in("clinician").get(reverse("people:person-list"))
    assert response.status_code == 200
    assert "partner" not in listed(response)
    assert {"researcher", "clinician2", "director"} <= listed(response)


def test_partner_sees_only_people_sharing_a_project(sign_in, shared_project):
    response = sign_in("partner").get(reverse("people:person-list"))
    assert listed(response) == {"partner", "researcher"}
    assert b"Clinicien" not in response.content


def test_partner_reaches_a_colleague_but_not_a_stranger(sign_in, personas, shared_project):
    client = sign_in("partner")
    assert client.get(reverse("people:person-detail", args=[personas["researcher"].pk])).status_code == 200
    response = client.get(reverse("people:person-detail", args=[personas["clinician2"].pk]))
    assert response.status_code == 404
    assert b"Cyril" not in response.content


def test_researcher_sharing_a_project_sees_the_partner_and_clinician2_does_not(client, personas, shared_project):
    url = reverse("people:person-detail", args=[personas["partner"].pk])
    client.force_login(personas["researcher"])
    assert client.get(url).status_code == 200
    client.force_login(personas["clinician2"])
    assert client.get(url).status_code == 404


def test_an_invisible_person_and_a_missing_one_look_the_same(sign_in, personas):
    client = sign_in("partner")
    invisible_url = reverse("people:person-detail", args=[personas["clinician2"].pk])
    missing_url = reverse("people:person-detail", args=[999_999])
    invisible = client.get(invisible_url)
    missing = client.get(missing_url)
    assert invisible.status_code == missing.status_code == 404
    # The same page but for the address itself and the form tokens, which differ on every response.
    assert without_tokens(invisible.content.replace(invisible_url.encode(), b"URL")) == without_tokens(
        missing.content.replace(missing_url.encode(), b"URL")
    )


def test_directory_search(sign_in):
    response = sign_in("clinician").get(reverse("people:person-list"), {"q": "Clinicien"})
    assert listed(response) == {"clinician", "clinician2"}
    assert response.context["q"] == "Clinicien"


def test_directory_search_by_several_words(sign_in):
    response = sign_in("clinician").get(reverse("people:person-list"), {"q": "cyril neuroradiologie"})
    assert listed(response) == {"clinician2"}


def test_directory_search_finds_nobody_beyond_what_a_partner_sees(sign_in, shared_project):
    client = sign_in("partner")
    assert listed(client.get(reverse("people:person-list"), {"q": "Clinicien"})) == set()
    assert listed(client.get(reverse("people:person-list"), {"q": "Chercheur"})) == {"researcher"}


@pytest.mark.parametrize("q", ["x" * 500, "a\x00b"])
def test_directory_search_ignores_a_bad_query(sign_in, q):
    response = sign_in("clinician").get(reverse("people:person-list"), {"q": q})
    assert response.status_code == 200
    assert response.context["q"] == ""


@pytest.mark.parametrize("page", ["2", "999", "abc", "-1"])
def test_directory_page_parameter_never_fails(sign_in, page):
    assert sign_in("clinician").get(reverse("people:person-list"), {"page": page}).status_code == 200


def test_profile_form_saves_and_is_audited(sign_in, personas):
    client = sign_in("clinician")
    data = {"first_name": "Camille", "last_name": "Martin", "language": "en", "digest": "off"}
    response = client.post(reverse("people:me"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("people:me")
    clinician = User.objects.get(username="clinician")
    assert (clinician.last_name, clinician.language, clinician.digest) == ("Martin", "en", "off")
    [event] = AuditEvent.objects.filter(action="profile_updated")
    assert event.changes == {
        "last_name": ["Clinicienne", "Martin"],
        "language": ["fr", "en"],
        "digest": ["weekly", "off"],
    }


@pytest.mark.parametrize(("language", "saved"), [("en", "Your profile has been saved."), ("fr", "Votre profil")])
def test_the_profile_is_saved_in_the_language_just_chosen(sign_in, personas, language, saved):
    User.objects.filter(username="clinician").update(language="fr" if language == "en" else "en")
    client = sign_in("clinician")
    data = {"first_name": "Camille", "last_name": "Clinicienne", "language": language, "digest": "weekly"}
    response = client.post(reverse("people:me"), data, follow=True)
    [message] = [str(message) for message in response.context["messages"]]
    assert message.startswith(saved)
    assert response["Content-Language"] == language


@override_settings(DIGESTS_AT=(7, 0), WEEKLY_DIGEST_WEEKDAY=0)
def test_the_profile_says_when_digests_arrive(sign_in):
    client = sign_in("clinician")
    html = client.get(reverse("people:me")).content.decode()
    assert "lundi" in html and "07:00" in html  # the weekly digest's day and time, in French
    User.objects.filter(username="clinician").update(language="en")
    html = client.get(reverse("people:me")).content.decode()
    assert "Daily digest: at 7 a.m. every day. Weekly digest: at 7 a.m. every Monday." in html


def test_profile_form_refuses_bad_values_and_changes_nothing(sign_in):
    client = sign_in("clinician")
    response = client.post(reverse("people:me"), {"first_name": "X", "language": "de", "digest": "hourly"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"language", "digest"}
    assert User.objects.get(username="clinician").first_name == "Camille"
    assert not AuditEvent.objects.exists()


def test_profile_form_cannot_change_anything_else(sign_in):
    client = sign_in("clinician")
    data = {
        "first_name": "C",
        "last_name": "C",
        "language": "fr",
        "digest": "weekly",
        "is_superuser": "on",
        "username": "boss",
        "institution": "partner",
    }
    client.post(reverse("people:me"), data)
    clinician = User.objects.get(username="clinician")
    assert (clinician.is_superuser, clinician.institution) == (False, "aphp")


def test_language_switch_is_kept_in_the_profile(sign_in):
    client = sign_in("clinician")
    response = client.post(reverse("set-language"), {"language": "en", "next": "/people/"})
    assert response.status_code == 302
    assert response["Location"] == "/people/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert User.objects.get(username="clinician").language == "en"
    assert client.get(reverse("people:person-list"))["Content-Language"] == "en"


def test_language_switch_works_before_signing_in(client, db):
    response = client.post(reverse("set-language"), {"language": "en"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get(reverse("login"))["Content-Language"] == "en"


def test_french_is_the_default_language(client, db):
    assert client.get(reverse("login"))["Content-Language"] == "fr"


def test_an_unknown_language_changes_nothing(sign_in):
    response = sign_in("clinician").post(reverse("set-language"), {"language": "de"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert User.objects.get(username="clinician").language == "fr"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/", "javascript:alert(1)"]
)
def test_language_switch_never_redirects_to_another_site(client, db, target):
    response = client.post(reverse("set-language"), {"language": "en", "next": target})
    assert response["Location"] == "/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example/"])
def test_signing_in_never_redirects_to_another_site(client, personas, target):
    response = client.post(
        f"{reverse('login')}?next={target}", {"username": "clinician", "password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_signing_in_follows_a_local_next(client, personas):
    response = client.post(
        f"{reverse('login')}?next=/people/", {"username": "clinician", "password": settings.DEMO_PASSWORD}
    )
    assert response["Location"] == "/people/"


def test_wrong_password_shows_the_form_again(client, personas):
    response = client.post(reverse("login"), {"username": "clinician", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_password_reset_queues_an_email_for_a_known_address(client, personas):
    response = client.post(reverse("password_reset"), {"email": "clinician@labsite.example"})
    assert response.status_code == 302
    [email] = Email.objects.all()
    assert email.to == "clinician@labsite.example"
    assert email.key.startswith(f"password-reset:{personas['clinician'].pk}:")


def test_password_reset_says_the_same_for_an_unknown_address(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@labsite.example"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert not Email.objects.exists()


def test_password_reset_sends_nothing_to_a_deactivated_account(client, personas):
    User.objects.filter(username="clinician").update(is_active=False)
    client.post(reverse("password_reset"), {"email": "clinician@labsite.example"})
    assert not Email.objects.exists()


def test_home_page_answers_for_everyone_signed_in(client, personas):
    for user in personas.values():
        client.force_login(user)
        assert client.get(reverse("home")).status_code == 200, user.username


def test_admin_is_for_operations_only(client: Client, personas):
    client.force_login(personas["ops"])
    assert client.get(reverse("admin:people_user_changelist")).status_code == 200
    client.force_login(personas["director"])
    response = client.get(reverse("admin:people_user_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_refused_profile_form_shows_the_saved_name(sign_in):
    response = sign_in("clinician").post(reverse("people:me"), {"first_name": "Mallory", "language": "de"})
    assert response.status_code == 200
    assert response.context["user"].first_name == "Camille"
