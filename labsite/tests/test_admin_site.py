"""The admin is for operations, signed in through the site's one sign-in page."""


def test_admin_sign_in_goes_through_the_site_sign_in_page(client):
    response = client.get("/admin/login/?next=/admin/people/team/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/people/team/"


def test_operations_reach_the_admin_after_signing_in(client, personas):
    response = client.post(
        "/accounts/login/?next=/admin/", {"username": "ops", "password": "labsite-demo", "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_signed_in_staff_are_refused_the_admin_rather_than_asked_to_sign_in_again(client, personas):
    client.force_login(personas["researcher"])
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
