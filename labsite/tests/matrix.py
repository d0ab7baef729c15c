"""The permission matrix of the shell (labsite/), as plain data: /healthz
and /readyz answer everyone alike, signed in or not (``labsite/tests/test_urls.py``
lists them among the public URLs); /metrics answers by where the request comes
from or its token, never by who is signed in.

Each row: ``(URL name, method, URL arguments, data, {persona: expected status})``.
Read by test_permissions.py, and by labsite/tests/test_urls.py, which fails
when a URL and method of the site is in no app's ``ROWS``.
"""

from core.testing import MatrixRow

# fmt: off
# From this machine.
PROBES: list[MatrixRow] = [
    ("healthz", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 200}),
    ("readyz", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 200}),
    ("metrics", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 200}),
]

# From an address outside it (203.0.113.7).
FROM_OUTSIDE: list[MatrixRow] = [
    ("healthz", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 200}),
    ("readyz", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 200}),
    ("metrics", "GET", (), None, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 404}),
]

# The header's search (labsite/search.py): every signed-in person, each finding what
# they may see (labsite/tests/test_search_leaks.py holds them to it); a word too long
# or a control character is a 400.
EVERYONE = ("director", "ops", "teamlead", "teamlead2", "researcher", "depthead", "depthead2", "clinician",
            "clinician2", "transfer", "partner")
SEARCH: list[MatrixRow] = [
    ("search", "GET", (), None, {**dict.fromkeys(EVERYONE, 200), "anonymous": 302}),
    ("search", "GET", (), {"q": "Clinicienne"}, {**dict.fromkeys(EVERYONE, 200), "anonymous": 302}),
    ("search", "GET", (), {"q": "x" * 101}, {**dict.fromkeys(EVERYONE, 400), "anonymous": 302}),
    ("search-suggest", "GET", (), {"q": "Cl"}, {**dict.fromkeys(EVERYONE, 200), "anonymous": 302}),
    ("search-suggest", "GET", (), {"q": "a\x00b"}, {**dict.fromkeys(EVERYONE, 400), "anonymous": 302}),
    ("api:search", "GET", (), {"q": "Clinicienne"}, {**dict.fromkeys(EVERYONE, 200), "anonymous": 401}),
    ("api:search", "GET", (), {"q": "x" * 101}, {**dict.fromkeys(EVERYONE, 400), "anonymous": 401}),
]
# fmt: on

ROWS = [*PROBES, *FROM_OUTSIDE, *SEARCH]
