"""The permission matrices of people/ (SPEC §3, §4), as plain data.

Each row: ``(URL name, method, URL arguments, data, {persona: expected status})``;
the data is the query of a GET, the body of anything else. 404: the persona
cannot see the object; 403: they see it but may not do this; 409: its state
forbids it. An anonymous visitor is sent to the sign-in page (302), or asked
by the API to authenticate (401).

A ``<...>`` is filled in when the check runs (``core.testing.filled``): a date
(``<today>``, ``<in 60 days>``), the persona's own username (``<persona>``)
and password (``<password>``), a demo record (``<user:researcher>``,
``<team:CARDIOSIM>``, ``<department:Cardiologie>``) or a record of the
matrix's world, named above its list.

Read by test_permissions.py, test_position_views.py and test_position_api.py,
and by labsite/tests/test_urls.py, which fails when a URL and method of the
site is in no app's ``ROWS``.
"""

from core.testing import MatrixRow

REQUEST_FORM = {
    "team": "<team:CARDIOSIM>",
    "department": "<department:Cardiologie>",
    "time_share": "20",
    "start_date": "<in 60 days>",
    "end_date": "<in 240 days>",
    "topic": "Aortic flow with 4D MRI",
    "justification": "Two days a week in the team.",
    "call": "",
}
DELEGATION_FORM = {"delegate": "<user:clinician>", "starts_on": "<today>", "ends_on": "<today>"}
NEW_HOST_POSITION = {
    "host_team": "<team:CARDIOSIM>",
    "time_share": 10,
    "start_date": "<in 30 days>",
    "end_date": "<in 395 days>",
    "topic": "Deep learning for echocardiography",
    "justification": "The team has the data.",
}
NEW_SECONDMENT = {
    "host_department": "<department:Neuroradiologie>",
    "time_share": 10,
    "start_date": "<in 30 days>",
    "end_date": "<in 395 days>",
    "topic": "Deep learning for echocardiography",
    "justification": "The team has the data.",
}

# fmt: off
# The site's pages and accounts, and the API of oneself, the directory and reference data,
# for the demo personas; partner and researcher share a project (people/tests/conftest.py).
SITE: list[MatrixRow] = [
    # Pages.
    ("home", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("people:person-list", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("people:person-list", "GET", (), {"q": "Clinicien"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    # The suggestions of a person field: everyone signed in, over the directory they see (test_suggest).
    ("people:person-suggest", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("people:person-suggest", "GET", (), {"q": "Cl"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("people:person-suggest", "GET", (), {"q": "clinicien", "staff": "1"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("people:person-suggest", "GET", (), {"q": "ab\x00c"}, {
        "director": 400, "ops": 400, "teamlead": 400, "teamlead2": 400, "researcher": 400, "depthead": 400,
        "depthead2": 400, "clinician": 400, "clinician2": 400, "transfer": 400, "partner": 400, "anonymous": 302}),
    ("people:person-suggest", "POST", (), {"q": "ab"}, {
        "director": 405, "ops": 405, "teamlead": 405, "teamlead2": 405, "researcher": 405, "depthead": 405,
        "depthead2": 405, "clinician": 405, "clinician2": 405, "transfer": 405, "partner": 405, "anonymous": 302}),
    ("people:person-detail", "GET", ("<user:researcher>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("people:person-detail", "GET", ("<user:clinician2>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("people:person-detail", "GET", ("<user:partner>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 200, "anonymous": 302}),
    ("people:person-detail", "GET", (999_999,), None, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    # Who can see a person, why, and what they may do: for direction and operations.
    ("people:person-access", "GET", ("<user:researcher>",), None, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 302}),
    ("people:person-access", "GET", ("<user:partner>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 302}),
    ("people:person-access", "GET", ("<user:partner>",), {"format": "xlsx"}, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 302}),
    ("people:person-access", "GET", ("<user:partner>",), {"format": "pdf"}, {
        "director": 400, "ops": 400, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 302}),
    ("people:me", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("people:me", "POST", (), {"first_name": "Ada", "last_name": "Lovelace", "language": "en", "digest": "daily"}, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("people:me-personal-data", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("people:me-personal-data-download", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("set-language", "POST", (), {"language": "en", "next": "/people/"}, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("set-language", "GET", (), None, {
        "director": 405, "ops": 405, "teamlead": 405, "teamlead2": 405, "researcher": 405, "depthead": 405,
        "depthead2": 405, "clinician": 405, "clinician2": 405, "transfer": 405, "partner": 405, "anonymous": 405}),
    # The directory loaded from HR files: operations only (direction sees all but manages no accounts).
    # Without a file the upload is a form error; an unknown preview token, an error too.
    ("people:directory-import", "GET", (), None, {
        "director": 403, "ops": 200, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 302}),
    ("people:directory-import", "POST", (), {"deactivate_missing": "on"}, {
        "director": 403, "ops": 400, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 302}),
    ("people:directory-import-apply", "POST", (), {"token": "not-a-preview"}, {
        "director": 403, "ops": 400, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 302}),
    ("people:directory-import-apply", "GET", (), None, {
        "director": 405, "ops": 405, "teamlead": 405, "teamlead2": 405, "researcher": 405, "depthead": 405,
        "depthead2": 405, "clinician": 405, "clinician2": 405, "transfer": 405, "partner": 405, "anonymous": 302}),
    # Accounts: a signed-in visitor of the sign-in page is sent on to the dashboard.
    ("login", "GET", (), None, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 200}),
    ("login", "POST", (), {"username": "<persona>", "password": "<password>"}, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 200}),
    ("logout", "POST", (), None, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("logout", "GET", (), None, {
        "director": 405, "ops": 405, "teamlead": 405, "teamlead2": 405, "researcher": 405, "depthead": 405,
        "depthead2": 405, "clinician": 405, "clinician2": 405, "transfer": 405, "partner": 405, "anonymous": 405}),
    # The names allauth reverses for the sign-in and sign-out pages: the same views.
    ("account_login", "GET", (), None, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 200}),
    ("account_login", "POST", (), {"username": "<persona>", "password": "<password>"}, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 200}),
    ("account_logout", "POST", (), None, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    # Single sign-on with a provider that is not configured; the page of an inactive account.
    ("openid_connect_login", "GET", ("nowhere",), None, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 404}),
    ("openid_connect_login", "POST", ("nowhere",), None, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 404}),
    ("openid_connect_callback", "GET", ("nowhere",), {"code": "x", "state": "y"}, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 404}),
    ("account_inactive", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 200}),
    # Re-entering one's password before changing the second factor.
    ("account_reauthenticate", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("account_reauthenticate", "POST", (), {}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    # The second factor (allauth.mfa, routed in labsite/urls.py). Signed in without having just
    # re-entered a password, its changes ask for it first (302 to account_reauthenticate); with no
    # authenticator app nor recovery codes yet, their pages are 404; with no sign-in pending, the
    # code's page goes back to the sign-in page (302).
    ("mfa_index", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("mfa_authenticate", "GET", (), None, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("mfa_authenticate", "POST", (), {"code": "123456"}, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("mfa_reauthenticate", "GET", (), None, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("mfa_reauthenticate", "POST", (), {"code": "123456"}, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("mfa_activate_totp", "GET", (), None, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("mfa_activate_totp", "POST", (), {"code": "123456"}, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("mfa_deactivate_totp", "GET", (), None, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("mfa_deactivate_totp", "POST", (), {"code": "123456"}, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("mfa_view_recovery_codes", "GET", (), None, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("mfa_generate_recovery_codes", "GET", (), None, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("mfa_generate_recovery_codes", "POST", (), {}, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("mfa_download_recovery_codes", "GET", (), None, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("mfa_list_webauthn", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("mfa_add_webauthn", "GET", (), None, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("mfa_add_webauthn", "POST", (), {}, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("mfa_edit_webauthn", "GET", (1,), None, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("mfa_edit_webauthn", "POST", (1,), {}, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("mfa_remove_webauthn", "GET", (1,), None, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("mfa_remove_webauthn", "POST", (1,), {}, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("mfa_reauthenticate_webauthn", "GET", (), None, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("mfa_reauthenticate_webauthn", "POST", (), {}, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    # Operations reset a person's second factor; never direction's or operations' (a superuser does).
    ("people:person-mfa-reset", "POST", ("<user:researcher>",), None, {
        "director": 403, "ops": 302, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 302}),
    ("people:person-mfa-reset", "POST", ("<user:clinician2>",), None, {
        "director": 403, "ops": 302, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 302}),
    ("people:person-mfa-reset", "POST", ("<user:director>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 302}),
    ("people:person-mfa-reset", "POST", (999_999,), None, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:person-mfa-reset", "GET", ("<user:researcher>",), None, {
        "director": 405, "ops": 405, "teamlead": 405, "teamlead2": 405, "researcher": 405, "depthead": 405,
        "depthead2": 405, "clinician": 405, "clinician2": 405, "transfer": 405, "partner": 405, "anonymous": 302}),
    # Accounts awaiting activation: operations' page (403 to others; a person who is not
    # awaiting activation is not found there).
    ("people:pending-list", "GET", (), None, {
        "director": 403, "ops": 200, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 302}),
    ("people:pending-list", "POST", (), None, {
        "director": 405, "ops": 405, "teamlead": 405, "teamlead2": 405, "researcher": 405, "depthead": 405,
        "depthead2": 405, "clinician": 405, "clinician2": 405, "transfer": 405, "partner": 405, "anonymous": 302}),
    ("people:pending-activate", "POST", ("<user:researcher>",), {"unit": ""}, {
        "director": 403, "ops": 404, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 302}),
    ("people:pending-activate", "GET", ("<user:researcher>",), None, {
        "director": 405, "ops": 405, "teamlead": 405, "teamlead2": 405, "researcher": 405, "depthead": 405,
        "depthead2": 405, "clinician": 405, "clinician2": 405, "transfer": 405, "partner": 405, "anonymous": 302}),
    ("people:pending-refuse", "POST", ("<user:researcher>",), None, {
        "director": 403, "ops": 404, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 302}),
    ("people:pending-refuse", "GET", ("<user:researcher>",), None, {
        "director": 405, "ops": 405, "teamlead": 405, "teamlead2": 405, "researcher": 405, "depthead": 405,
        "depthead2": 405, "clinician": 405, "clinician2": 405, "transfer": 405, "partner": 405, "anonymous": 302}),
    ("password_change", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("password_change", "POST", (), {}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("password_change_done", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("password_reset", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 200}),
    ("password_reset", "POST", (), {"email": "clinician@labsite.example"}, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("password_reset_done", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 200}),
    ("password_reset_confirm", "GET", ("MTIzNDU2", "bogus-link"), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 200}),
    ("password_reset_confirm", "POST", ("MTIzNDU2", "bogus-link"), {}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 200}),
    ("password_reset_complete", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 200}),
    # API: signing in.
    ("api:token", "POST", (), {"username": "<persona>", "password": "<password>"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 400}),
    ("api:token", "GET", (), None, {
        "director": 405, "ops": 405, "teamlead": 405, "teamlead2": 405, "researcher": 405, "depthead": 405,
        "depthead2": 405, "clinician": 405, "clinician2": 405, "transfer": 405, "partner": 405, "anonymous": 405}),
    # API: oneself.
    ("api:me", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:me-preferences", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:me-preferences", "PATCH", (), {"digest": "daily"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:me-personal-data", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    # API: the directory.
    ("api:person-list", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:person-detail", "GET", ("<user:researcher>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:person-detail", "GET", ("<user:clinician2>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:person-detail", "GET", ("<user:partner>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 200, "anonymous": 401}),
    ("api:person-detail", "GET", (999_999,), None, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    # Why one sees a person: whoever sees them; who can see them: direction and operations.
    ("api:person-access-me", "GET", ("<user:partner>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 200, "anonymous": 401}),
    ("api:person-access-me", "GET", ("<user:clinician2>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:person-access", "GET", ("<user:partner>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 401}),
    ("api:person-access", "GET", ("<user:researcher>",), None, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 401}),
    # API: reference data, written by operations only; partners see none of it.
    ("api:team-list", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:team-detail", "GET", ("<team:CARDIOSIM>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:team-list", "POST", (), {"acronym": "NEWTEAM", "name": "A new project-team", "leader": "researcher"}, {
        "director": 403, "ops": 201, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 401}),
    ("api:team-detail", "PATCH", ("<team:CARDIOSIM>",), {"name": "Cardiac simulation"}, {
        "director": 403, "ops": 200, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:team-detail", "PATCH", (999_999,), {"name": "Ghost"}, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:team-detail", "PUT", ("<team:CARDIOSIM>",),
        {"acronym": "CARDIOSIM", "name": "Cardiac simulation", "leader": "teamlead"}, {
        "director": 403, "ops": 200, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:department-list", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:department-detail", "GET", ("<department:Cardiologie>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:department-list", "POST", (), {"name": "Radiologie", "hospital": "HEGP", "head": "clinician"}, {
        "director": 403, "ops": 201, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 401}),
    ("api:department-detail", "PATCH", ("<department:Cardiologie>",), {"name": "Cardiologie adulte"}, {
        "director": 403, "ops": 200, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:department-detail", "PATCH", (999_999,), {"name": "Ghost"}, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:department-detail", "PUT", ("<department:Cardiologie>",),
        {"name": "Cardiologie adulte", "hospital": "HEGP", "head": "depthead"}, {
        "director": 403, "ops": 200, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    # API: its description.
    ("api:schema", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:docs", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    # The admin: operations only; everyone else is sent to its sign-in page.
    ("admin:index", "GET", (), None, {
        "director": 302, "ops": 200, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
]

# The host-position and secondment pages (test_position_views.py), on: <hostposition:submitted>
# (clinician → CARDIOSIM), <hostposition:draft> (clinician → NEUROLEARN), <secondment:submitted>
# (researcher → Neuroradiologie), <delegation> (teamlead → researcher, from tomorrow), <call> (open)
# and <chair> (held by teamlead).
POSITION_PAGES: list[MatrixRow] = [
    # Who can see a request, why, and what they may do: for its approvers, direction and operations.
    ("people:hostposition-access", "GET", ("<hostposition:submitted>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:hostposition-access", "GET", ("<hostposition:submitted>",), {"format": "csv"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:hostposition-access", "GET", ("<hostposition:submitted>",), {"format": "pdf"}, {
        "director": 400, "ops": 400, "teamlead": 400, "teamlead2": 404, "researcher": 404, "depthead": 400,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:hostposition-access", "GET", ("<hostposition:draft>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:hostposition-access", "GET", ("<secondment:submitted>",), None, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:secondment-access", "GET", ("<secondment:submitted>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 200, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:secondment-access", "GET", ("<secondment:submitted>",), {"format": "xlsx"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 200, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    # Host positions.
    ("people:hostposition-list", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("people:hostposition-list", "GET", (), {"view": "all", "q": "x", "status": "submitted", "year": "2027"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    # The queue: "next waiting request" only leads somewhere (to a request or
    # to the awaiting list); a bulk approval answers with the list and one
    # result per request (each its own service call, tested in test_queue.py).
    ("people:hostposition-next", "GET", (), None, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("people:hostposition-bulk-approve", "POST", (), {"positions": "<hostposition:submitted>", "comment": "Fine."}, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("people:hostposition-bulk-approve", "POST", (), {"comment": "Nothing ticked."}, {
        "director": 400, "ops": 400, "teamlead": 400, "teamlead2": 400, "researcher": 400, "depthead": 400,
        "depthead2": 400, "clinician": 400, "clinician2": 400, "transfer": 400, "partner": 400, "anonymous": 302}),
    ("people:hostposition-export", "GET", (), {"format": "csv"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("people:hostposition-export", "GET", (), {"format": "xlsx", "view": "all"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("people:hostposition-create", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("people:hostposition-create", "POST", (), REQUEST_FORM, {
        "director": 400, "ops": 400, "teamlead": 400, "teamlead2": 400, "researcher": 400, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 400, "partner": 400, "anonymous": 302}),
    ("people:hostposition-detail", "GET", ("<hostposition:submitted>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:hostposition-detail", "GET", ("<secondment:submitted>",), None, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:hostposition-detail", "GET", ("<hostposition:draft>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:hostposition-update", "GET", ("<hostposition:draft>",), None, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:hostposition-update", "GET", ("<hostposition:submitted>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 409, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:hostposition-update", "POST", ("<hostposition:submitted>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 409, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:hostposition-submit", "POST", ("<hostposition:draft>",), None, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 302, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:hostposition-approve", "POST", ("<hostposition:submitted>",), None, {
        "director": 409, "ops": 409, "teamlead": 302, "teamlead2": 404, "researcher": 404, "depthead": 302,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:hostposition-reject", "POST", ("<hostposition:submitted>",), {"comment": "No"}, {
        "director": 409, "ops": 409, "teamlead": 302, "teamlead2": 404, "researcher": 404, "depthead": 302,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:hostposition-request-changes", "POST", ("<hostposition:submitted>",), {"comment": "Add the funding."}, {
        "director": 409, "ops": 409, "teamlead": 302, "teamlead2": 404, "researcher": 404, "depthead": 302,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:hostposition-withdraw", "POST", ("<hostposition:submitted>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 302, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    # Secondments.
    ("people:secondment-list", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    # The queue: "next waiting request" only leads somewhere (to a request or
    # to the awaiting list); a bulk approval answers with the list and one
    # result per request (each its own service call, tested in test_queue.py).
    ("people:secondment-next", "GET", (), None, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("people:secondment-bulk-approve", "POST", (), {"positions": "<secondment:submitted>", "comment": "Fine."}, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("people:secondment-bulk-approve", "POST", (), {"comment": "Nothing ticked."}, {
        "director": 400, "ops": 400, "teamlead": 400, "teamlead2": 400, "researcher": 400, "depthead": 400,
        "depthead2": 400, "clinician": 400, "clinician2": 400, "transfer": 400, "partner": 400, "anonymous": 302}),
    ("people:secondment-export", "GET", (), {"format": "csv", "view": "awaiting"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("people:secondment-create", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("people:secondment-create", "POST", (), REQUEST_FORM, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 400,
        "depthead2": 400, "clinician": 400, "clinician2": 400, "transfer": 302, "partner": 400, "anonymous": 302}),
    ("people:secondment-detail", "GET", ("<secondment:submitted>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 200, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:secondment-update", "GET", ("<secondment:submitted>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 409, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:secondment-update", "POST", ("<secondment:submitted>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 409, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:secondment-submit", "POST", ("<secondment:submitted>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 409, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:secondment-approve", "POST", ("<secondment:submitted>",), None, {
        "director": 409, "ops": 409, "teamlead": 302, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 302, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:secondment-reject", "POST", ("<secondment:submitted>",), {"comment": "No"}, {
        "director": 409, "ops": 409, "teamlead": 302, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 302, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:secondment-request-changes", "POST", ("<secondment:submitted>",), {"comment": "Add the funding."}, {
        "director": 409, "ops": 409, "teamlead": 302, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 302, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:secondment-withdraw", "POST", ("<secondment:submitted>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 302, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    # Attachments: <attachment:hostposition> (by clinician) on <hostposition:submitted>,
    # <attachment:secondment> (by researcher) on <secondment:submitted>. No file sent: 400 to who may attach.
    ("people:hostposition-attach", "POST", ("<hostposition:submitted>",), None, {
        "director": 400, "ops": 400, "teamlead": 400, "teamlead2": 404, "researcher": 404, "depthead": 400,
        "depthead2": 404, "clinician": 400, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:hostposition-detach", "POST", ("<hostposition:submitted>", "<attachment:hostposition>"), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 302, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:position-attachment", "GET", ("<attachment:hostposition>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:secondment-attach", "POST", ("<secondment:submitted>",), None, {
        "director": 400, "ops": 400, "teamlead": 400, "teamlead2": 404, "researcher": 400, "depthead": 404,
        "depthead2": 400, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:secondment-detach", "POST", ("<secondment:submitted>", "<attachment:secondment>"), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 302, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:position-attachment", "GET", ("<attachment:secondment>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 200, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:hostposition-attach", "POST", ("<hostposition:draft>",), None, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 400, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    # Delegations, calls and chairs.
    ("people:delegation-list", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("people:delegation-list", "POST", (), DELEGATION_FORM, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 400, "depthead": 302,
        "depthead2": 302, "clinician": 400, "clinician2": 400, "transfer": 400, "partner": 400, "anonymous": 302}),
    ("people:delegation-end", "POST", ("<delegation>",), None, {
        "director": 403, "ops": 302, "teamlead": 302, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:call-list", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("people:call-detail", "GET", ("<call>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("people:chair-list", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("people:chair-detail", "GET", ("<chair>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 302}),
    # One-event calendar downloads: whoever sees the page the date is on (people.views.calendar).
    ("people:hostposition-ics", "GET", ("<hostposition:submitted>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:hostposition-ics", "GET", ("<hostposition:draft>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:hostposition-ics", "GET", ("<secondment:submitted>",), None, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:secondment-ics", "GET", ("<secondment:submitted>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 200, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:delegation-ics", "GET", ("<delegation>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("people:call-ics", "GET", ("<call>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("people:chair-ics", "GET", ("<chair>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("people:chair-ics", "POST", ("<chair>",), None, {"teamlead": 405, "anonymous": 302}),
]

# The host-position and secondment API (test_position_api.py), on one request of each kind in each
# state (<hostposition:draft>, ...). A draft is seen by its applicant, direction and operations only.
# Whoever decides a step is told 409 when none is open to them, whatever the state: of an endorser's
# two clicks, the second meets a decided step or an endorsed request depending only on timing.
POSITION_API: list[MatrixRow] = [
    # Host positions: clinician asks to join CARDIOSIM (led by teamlead); depthead heads clinician's department.
    ("api:hostposition-detail", "GET", ("<hostposition:draft>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-detail", "GET", ("<hostposition:submitted>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-detail", "GET", ("<hostposition:endorsed>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-detail", "GET", ("<hostposition:approved>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-detail", "GET", ("<hostposition:rejected>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-detail", "GET", ("<hostposition:withdrawn>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-detail", "PATCH", ("<hostposition:draft>",), {"topic": "A revised topic"}, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-detail", "PATCH", ("<hostposition:submitted>",), {"topic": "A revised topic"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 409, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-detail", "PATCH", ("<hostposition:endorsed>",), {"topic": "A revised topic"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 409, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-detail", "PATCH", ("<hostposition:approved>",), {"topic": "A revised topic"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 409, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-detail", "PATCH", ("<hostposition:rejected>",), {"topic": "A revised topic"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 409, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-detail", "PATCH", ("<hostposition:withdrawn>",), {"topic": "A revised topic"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 409, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-submit", "POST", ("<hostposition:draft>",), {}, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-submit", "POST", ("<hostposition:submitted>",), {}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 409, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-submit", "POST", ("<hostposition:endorsed>",), {}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 409, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-submit", "POST", ("<hostposition:approved>",), {}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 409, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-submit", "POST", ("<hostposition:rejected>",), {}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 409, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-submit", "POST", ("<hostposition:withdrawn>",), {}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 409, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-approve", "POST", ("<hostposition:draft>",), {"comment": "A good fit."}, {
        "director": 409, "ops": 409, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-approve", "POST", ("<hostposition:submitted>",), {"comment": "A good fit."}, {
        "director": 409, "ops": 409, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-approve", "POST", ("<hostposition:endorsed>",), {"comment": "A good fit."}, {
        "director": 200, "ops": 200, "teamlead": 409, "teamlead2": 404, "researcher": 404, "depthead": 409,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-approve", "POST", ("<hostposition:approved>",), {"comment": "A good fit."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 404, "depthead": 409,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-approve", "POST", ("<hostposition:rejected>",), {"comment": "A good fit."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 404, "depthead": 409,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-approve", "POST", ("<hostposition:withdrawn>",), {"comment": "A good fit."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 404, "depthead": 409,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-reject", "POST", ("<hostposition:draft>",), {"reason": "No room this year."}, {
        "director": 409, "ops": 409, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-request-changes", "POST", ("<hostposition:draft>",), {"comment": "Add the funding."}, {
        "director": 409, "ops": 409, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-reject", "POST", ("<hostposition:submitted>",), {"reason": "No room this year."}, {
        "director": 409, "ops": 409, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-request-changes", "POST", ("<hostposition:submitted>",), {"comment": "Add the funding."}, {
        "director": 409, "ops": 409, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-reject", "POST", ("<hostposition:endorsed>",), {"reason": "No room this year."}, {
        "director": 200, "ops": 200, "teamlead": 409, "teamlead2": 404, "researcher": 404, "depthead": 409,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-request-changes", "POST", ("<hostposition:endorsed>",), {"comment": "Add the funding."}, {
        "director": 200, "ops": 200, "teamlead": 409, "teamlead2": 404, "researcher": 404, "depthead": 409,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-reject", "POST", ("<hostposition:approved>",), {"reason": "No room this year."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 404, "depthead": 409,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-request-changes", "POST", ("<hostposition:approved>",), {"comment": "Add the funding."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 404, "depthead": 409,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-reject", "POST", ("<hostposition:rejected>",), {"reason": "No room this year."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 404, "depthead": 409,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-request-changes", "POST", ("<hostposition:rejected>",), {"comment": "Add the funding."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 404, "depthead": 409,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-reject", "POST", ("<hostposition:withdrawn>",), {"reason": "No room this year."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 404, "depthead": 409,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-request-changes", "POST", ("<hostposition:withdrawn>",), {"comment": "Add the funding."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 404, "depthead": 409,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-withdraw", "POST", ("<hostposition:draft>",), {"comment": "Plans changed."}, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-withdraw", "POST", ("<hostposition:submitted>",), {"comment": "Plans changed."}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-withdraw", "POST", ("<hostposition:endorsed>",), {"comment": "Plans changed."}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-withdraw", "POST", ("<hostposition:approved>",), {"comment": "Plans changed."}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 409, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-withdraw", "POST", ("<hostposition:rejected>",), {"comment": "Plans changed."}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 409, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-withdraw", "POST", ("<hostposition:withdrawn>",), {"comment": "Plans changed."}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 409, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    # Sent back for changes: its applicant edits, submits again or withdraws it; it awaits nobody.
    ("api:hostposition-detail", "GET", ("<hostposition:changes_requested>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-detail", "PATCH", ("<hostposition:changes_requested>",), {"topic": "A revised topic"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-submit", "POST", ("<hostposition:changes_requested>",), {}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-approve", "POST", ("<hostposition:changes_requested>",), {"comment": "A good fit."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 404, "depthead": 409,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-reject", "POST", ("<hostposition:changes_requested>",), {"reason": "No room this year."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 404, "depthead": 409,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-request-changes", "POST", ("<hostposition:changes_requested>",), {"comment": "Add funding."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 404, "depthead": 409,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-withdraw", "POST", ("<hostposition:changes_requested>",), {"comment": "Plans changed."}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    # Secondments: researcher asks to join Neuroradiologie (headed by depthead2); teamlead leads researcher's team.
    ("api:secondment-detail", "GET", ("<secondment:draft>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-detail", "GET", ("<secondment:submitted>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 200, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-detail", "GET", ("<secondment:endorsed>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 200, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-detail", "GET", ("<secondment:approved>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 200, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-detail", "GET", ("<secondment:rejected>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 200, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-detail", "GET", ("<secondment:withdrawn>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 200, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-detail", "PATCH", ("<secondment:draft>",), {"topic": "A revised topic"}, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-detail", "PATCH", ("<secondment:submitted>",), {"topic": "A revised topic"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 409, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-detail", "PATCH", ("<secondment:endorsed>",), {"topic": "A revised topic"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 409, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-detail", "PATCH", ("<secondment:approved>",), {"topic": "A revised topic"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 409, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-detail", "PATCH", ("<secondment:rejected>",), {"topic": "A revised topic"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 409, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-detail", "PATCH", ("<secondment:withdrawn>",), {"topic": "A revised topic"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 409, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-submit", "POST", ("<secondment:draft>",), {}, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-submit", "POST", ("<secondment:submitted>",), {}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 409, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-submit", "POST", ("<secondment:endorsed>",), {}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 409, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-submit", "POST", ("<secondment:approved>",), {}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 409, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-submit", "POST", ("<secondment:rejected>",), {}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 409, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-submit", "POST", ("<secondment:withdrawn>",), {}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 409, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-approve", "POST", ("<secondment:draft>",), {"comment": "A good fit."}, {
        "director": 409, "ops": 409, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-approve", "POST", ("<secondment:submitted>",), {"comment": "A good fit."}, {
        "director": 409, "ops": 409, "teamlead": 200, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 200, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-approve", "POST", ("<secondment:endorsed>",), {"comment": "A good fit."}, {
        "director": 200, "ops": 200, "teamlead": 409, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 409, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-approve", "POST", ("<secondment:approved>",), {"comment": "A good fit."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 409, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-approve", "POST", ("<secondment:rejected>",), {"comment": "A good fit."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 409, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-approve", "POST", ("<secondment:withdrawn>",), {"comment": "A good fit."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 409, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-reject", "POST", ("<secondment:draft>",), {"reason": "No room this year."}, {
        "director": 409, "ops": 409, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-request-changes", "POST", ("<secondment:draft>",), {"comment": "Add the funding."}, {
        "director": 409, "ops": 409, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-reject", "POST", ("<secondment:submitted>",), {"reason": "No room this year."}, {
        "director": 409, "ops": 409, "teamlead": 200, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 200, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-request-changes", "POST", ("<secondment:submitted>",), {"comment": "Add the funding."}, {
        "director": 409, "ops": 409, "teamlead": 200, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 200, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-reject", "POST", ("<secondment:endorsed>",), {"reason": "No room this year."}, {
        "director": 200, "ops": 200, "teamlead": 409, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 409, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-request-changes", "POST", ("<secondment:endorsed>",), {"comment": "Add the funding."}, {
        "director": 200, "ops": 200, "teamlead": 409, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 409, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-reject", "POST", ("<secondment:approved>",), {"reason": "No room this year."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 409, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-request-changes", "POST", ("<secondment:approved>",), {"comment": "Add the funding."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 409, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-reject", "POST", ("<secondment:rejected>",), {"reason": "No room this year."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 409, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-request-changes", "POST", ("<secondment:rejected>",), {"comment": "Add the funding."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 409, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-reject", "POST", ("<secondment:withdrawn>",), {"reason": "No room this year."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 409, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-request-changes", "POST", ("<secondment:withdrawn>",), {"comment": "Add the funding."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 409, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-withdraw", "POST", ("<secondment:draft>",), {"comment": "Plans changed."}, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-withdraw", "POST", ("<secondment:submitted>",), {"comment": "Plans changed."}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-withdraw", "POST", ("<secondment:endorsed>",), {"comment": "Plans changed."}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-withdraw", "POST", ("<secondment:approved>",), {"comment": "Plans changed."}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 409, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-withdraw", "POST", ("<secondment:rejected>",), {"comment": "Plans changed."}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 409, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-withdraw", "POST", ("<secondment:withdrawn>",), {"comment": "Plans changed."}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 409, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    # Sent back for changes: its applicant edits, submits again or withdraws it; it awaits nobody.
    ("api:secondment-detail", "GET", ("<secondment:changes_requested>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 200, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-detail", "PATCH", ("<secondment:changes_requested>",), {"topic": "A revised topic"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-submit", "POST", ("<secondment:changes_requested>",), {}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-approve", "POST", ("<secondment:changes_requested>",), {"comment": "A good fit."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 409, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-reject", "POST", ("<secondment:changes_requested>",), {"reason": "No room this year."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 409, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-request-changes", "POST", ("<secondment:changes_requested>",), {"comment": "Add funding."}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 409, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-withdraw", "POST", ("<secondment:changes_requested>",), {"comment": "Plans changed."}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
]

# Anyone signed in lists what they see; whoever cannot hold this kind of request (an Inria researcher
# a host position, a clinician a secondment, a partner either) is told why (400).
POSITION_API_LISTS: list[MatrixRow] = [
    ("api:hostposition-list", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:hostposition-list", "POST", (), NEW_HOST_POSITION, {
        "director": 400, "ops": 400, "teamlead": 400, "teamlead2": 400, "researcher": 400, "depthead": 201,
        "depthead2": 201, "clinician": 201, "clinician2": 201, "transfer": 400, "partner": 400, "anonymous": 401}),
    ("api:secondment-list", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:secondment-list", "POST", (), NEW_SECONDMENT, {
        "director": 201, "ops": 201, "teamlead": 201, "teamlead2": 201, "researcher": 201, "depthead": 400,
        "depthead2": 400, "clinician": 400, "clinician2": 400, "transfer": 201, "partner": 400, "anonymous": 401}),
]
# Attachments (test_position_api.py): <attachment:hostposition> (by clinician) on
# <hostposition:submitted>, <attachment:secondment> (by researcher) on <secondment:submitted>.
# Who may upload: the applicant while open, and once submitted whoever decides a step (or
# stands in); who may remove: the uploader while open. A closed request takes no file (403).
POSITION_ATTACHMENT_API: list[MatrixRow] = [
    # hostposition: the list, an upload (a JSON body is no file: 415 to who may upload), a removal.
    ("api:hostposition-attachments", "GET", ("<hostposition:submitted>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-attachments", "GET", ("<hostposition:draft>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-attachments", "POST", ("<hostposition:draft>",), None, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 415, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-attachments", "POST", ("<hostposition:submitted>",), None, {
        "director": 415, "ops": 415, "teamlead": 415, "teamlead2": 404, "researcher": 404, "depthead": 415,
        "depthead2": 404, "clinician": 415, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-attachments", "POST", ("<hostposition:endorsed>",), None, {
        "director": 415, "ops": 415, "teamlead": 415, "teamlead2": 404, "researcher": 404, "depthead": 415,
        "depthead2": 404, "clinician": 415, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-attachments", "POST", ("<hostposition:approved>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-attachments", "POST", ("<hostposition:withdrawn>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-attachment", "DELETE", ("<hostposition:submitted>", "<attachment:hostposition>"), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 204, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-attachment", "DELETE", ("<hostposition:endorsed>", "<attachment:hostposition>"), None, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    # secondment: the list, an upload (a JSON body is no file: 415 to who may upload), a removal.
    ("api:secondment-attachments", "GET", ("<secondment:submitted>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 200, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-attachments", "GET", ("<secondment:draft>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-attachments", "POST", ("<secondment:draft>",), None, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 415, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-attachments", "POST", ("<secondment:submitted>",), None, {
        "director": 415, "ops": 415, "teamlead": 415, "teamlead2": 404, "researcher": 415, "depthead": 404,
        "depthead2": 415, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-attachments", "POST", ("<secondment:endorsed>",), None, {
        "director": 415, "ops": 415, "teamlead": 415, "teamlead2": 404, "researcher": 415, "depthead": 404,
        "depthead2": 415, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-attachments", "POST", ("<secondment:approved>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-attachments", "POST", ("<secondment:withdrawn>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-attachment", "DELETE", ("<secondment:submitted>", "<attachment:secondment>"), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 204, "depthead": 404,
        "depthead2": 403, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-attachment", "DELETE", ("<secondment:endorsed>", "<attachment:secondment>"), None, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
]

# Why one sees a request (whoever sees it), and who can see it (its approvers, direction and operations).
POSITION_ACCESS_API: list[MatrixRow] = [
    ("api:hostposition-access-me", "GET", ("<hostposition:submitted>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-access-me", "GET", ("<hostposition:draft>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-access", "GET", ("<hostposition:submitted>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:hostposition-access", "GET", ("<hostposition:draft>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-access-me", "GET", ("<secondment:endorsed>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 200, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
    ("api:secondment-access", "GET", ("<secondment:endorsed>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 200, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
]
# fmt: on

ROWS = [*SITE, *POSITION_PAGES, *POSITION_API, *POSITION_API_LISTS, *POSITION_ATTACHMENT_API, *POSITION_ACCESS_API]
