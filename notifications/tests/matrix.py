"""The permission matrix of notifications/, as plain data: its one page, the
unsubscribe link of the digest, answers whoever holds a genuine token (signed
in or not, as anyone) and 404 to a forged one; ``labsite/tests/test_urls.py``
lists it among the public URLs.

Each row: ``(URL name, method, URL arguments, data, {persona: expected status})``.
``<token:own>`` is the token of the persona's own link, ``<token:clinician>``
that of clinician's, ``<token:forged>`` clinician's with its last character
changed (``core.testing.filled`` fills them in with the test's lookup).

Read by test_permissions.py, and by labsite/tests/test_urls.py, which fails
when a URL and method of the site is in no app's ``ROWS``.
"""

from core.testing import MatrixRow

# fmt: off
ROWS: list[MatrixRow] = [
    # Opening the link: one's own, signed in; one opened without signing in; one forwarded to someone else.
    ("notifications:unsubscribe", "GET", ("<token:own>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200}),
    ("notifications:unsubscribe", "GET", ("<token:clinician>",), None, {"anonymous": 200}),
    ("notifications:unsubscribe", "GET", ("<token:director>",), None, {"partner": 200}),
    # Unsubscribing through it, the same ways.
    ("notifications:unsubscribe", "POST", ("<token:own>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200}),
    ("notifications:unsubscribe", "POST", ("<token:clinician>",), None, {"anonymous": 200}),
    ("notifications:unsubscribe", "POST", ("<token:director>",), None, {"partner": 200}),
    # A token that is not genuine.
    ("notifications:unsubscribe", "GET", ("<token:forged>",), None, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 404}),
    ("notifications:unsubscribe", "POST", ("<token:forged>",), None, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 404}),
]
# The calendar feed: read without signing in by whoever holds the address of a
# feed that is active (``<calendar:own>``: the persona's own, ``<calendar:clinician>``
# clinician's); ``<calendar:revoked>`` clinician's revoked feed, ``<calendar:forged>``
# her token with its last character changed: the same 404 for everyone.
ROWS += [
    ("notifications:calendar-feed", "GET", ("<calendar:own>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200}),
    ("notifications:calendar-feed", "GET", ("<calendar:clinician>",), None, {"anonymous": 200, "partner": 200}),
    ("notifications:calendar-feed", "GET", ("<calendar:revoked>",), None, {
        "director": 404, "ops": 404, "clinician": 404, "partner": 404, "anonymous": 404}),
    ("notifications:calendar-feed", "GET", ("<calendar:forged>",), None, {
        "director": 404, "ops": 404, "clinician": 404, "partner": 404, "anonymous": 404}),
    ("notifications:calendar-feed", "POST", ("<calendar:clinician>",), None, {"clinician": 405, "anonymous": 405}),
    # Creating or renewing one's own feed, and revoking it, from /me/: whoever is signed in.
    ("notifications:calendar-feed-renew", "POST", (), None, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("notifications:calendar-feed-revoke", "POST", (), None, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 302, "anonymous": 302}),
    ("notifications:calendar-feed-renew", "GET", (), None, {"clinician": 405, "anonymous": 302}),
    ("notifications:calendar-feed-revoke", "GET", (), None, {"clinician": 405, "anonymous": 302}),
]
# The access review (issue 16): operations only; the 403 page says so.
for _query in (None, {"tab": "innovations"}, {"tab": "accounts"}, {"tab": "delegations"},
               {"recent": "on", "q": "a"}, {"format": "csv"}, {"tab": "accounts", "format": "xlsx"}):
    ROWS.append(("notifications:access-review", "GET", (), _query, {
        "director": 403, "ops": 200, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 302}))
ROWS.append(("notifications:access-review", "GET", (), {"format": "pdf"}, {"ops": 400, "clinician": 403}))
# fmt: on
