"""The permission matrices of transfer/ (SPEC §3), as plain data.

Each row: ``(URL name, method, URL arguments, data, {persona: expected status})``;
the data is the query of a GET, the body of anything else. Who sees what is
the scenario's (transfer/tests/scenario.py: ``SEES``, ``SEES_AGREEMENT``,
``SEES_PARTNER``); only transfer officers change anything: 403 for who sees
the record, 404 for who does not. An anonymous visitor is sent to the sign-in
page (302), or asked by the API to authenticate (401).

A ``<...>`` is filled in when the check runs (``core.testing.filled``): a date
(``<10 days ago>``, ``<in 700 days>``), or a record of the scenario:
``<innovation:public>`` (``hidden``, ``secret``, ``orphan``), the agreement
and the deployment of an innovation (``<agreement:public>``,
``<deployment:secret>``), a company (``<company:partner>``, the partner
persona's; ``<company:other>``), a project (``<project:open>``), a demo account
(``<user:researcher>``), the first ``<hospital>``.

Read by test_permissions.py and test_api.py, and by labsite/tests/test_urls.py,
which fails when a URL and method of the site is in no app's ``ROWS``.
"""

from core.testing import MatrixRow

INNOVATION = {
    "title": "Sepsis early warning",
    "description": "Predicts sepsis from vital signs.",
    "kind": "software",
    "readiness_level": "4",
    "route": "hospital",
    "project": "<project:open>",
    "owners": ["<user:researcher>"],
    "confidential": "on",
}
AGREEMENT = {
    "kind": "collaboration",
    "partner": "<company:other>",
    "reference": "AGR-NEW",
    "signed_on": "<10 days ago>",
    "expires_on": "<in 700 days>",
}
DEPLOYMENT = {"hospital": "<hospital>", "system_name": "EPIC", "status": "pilot"}
FORWARD = {"to": "evaluating", "expected": "identified"}

NEW_INNOVATION = {"title": "Automated ECG triage", "kind": "software", "route": "hospital"}
NEW_PARTNER = {"name": "New Diagnostics SA"}
NEW_AGREEMENT = {
    "kind": "licence",
    "partner": "<company:other>",
    "innovation": "<innovation:orphan>",
    "signed_on": "<today>",
    "expires_on": "<in 365 days>",
    "reference": "AGR-NEW",
}
NEW_DEPLOYMENT = {"innovation": "<innovation:public>", "hospital": "<hospital>", "system_name": "DxCare"}

# fmt: off
# The pages (test_permissions.py), on the scenario; every innovation starts identified.
# The key figures' views are the shell's (labsite/views.py), under transfer's URL names.
PAGES: list[MatrixRow] = [
    # The board, the list, their search and the export: everyone signed in; what they hold is in test_views.
    ("transfer:board", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("transfer:board", "GET", (), {"q": "secret", "kind": "software", "route": "licence", "project": "abc"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("transfer:innovation-list", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("transfer:innovation-list", "GET", (),
        {"q": "innovation", "stage": "identified", "confidential": "yes", "partner": "1"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("transfer:innovation-export", "GET", (), {"format": "csv"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("transfer:innovation-export", "GET", (), {"format": "xlsx", "q": "secret"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("transfer:innovation-export", "GET", (), {"format": "pdf"}, {
        "director": 400, "ops": 400, "teamlead": 400, "teamlead2": 400, "researcher": 400, "depthead": 400,
        "depthead2": 400, "clinician": 400, "clinician2": 400, "transfer": 400, "partner": 400, "anonymous": 302}),
    # Recording an innovation: the transfer office only.
    ("transfer:innovation-create", "GET", (), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 302}),
    ("transfer:innovation-create", "POST", (), {**INNOVATION, "stage": "identified"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 302, "partner": 403, "anonymous": 302}),
    ("transfer:innovation-create", "POST", (), {**INNOVATION, "readiness_level": "12"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 400, "partner": 403, "anonymous": 302}),
    # An innovation.
    ("transfer:innovation-detail", "GET", ("<innovation:public>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("transfer:innovation-detail", "GET", ("<innovation:hidden>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:innovation-detail", "GET", ("<innovation:secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:innovation-detail", "GET", ("<innovation:orphan>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:innovation-detail", "GET", (999_999,), None, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    # Who can see an innovation, why, and what they may do: for the transfer office,
    # direction and operations; 403 for anyone else who sees it (transfer.access).
    ("transfer:innovation-access", "GET", ("<innovation:public>",), None, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 302}),
    ("transfer:innovation-access", "GET", ("<innovation:secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:innovation-access", "GET", ("<innovation:hidden>",), {"format": "csv"}, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:innovation-access", "GET", ("<innovation:orphan>",), {"format": "xlsx"}, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:innovation-access", "GET", ("<innovation:public>",), {"format": "pdf"}, {
        "director": 400, "ops": 400, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 400, "partner": 403, "anonymous": 302}),
    ("transfer:innovation-update", "GET", ("<innovation:public>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 302}),
    ("transfer:innovation-update", "GET", ("<innovation:hidden>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:innovation-update", "GET", ("<innovation:secret>",), None, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:innovation-update", "GET", ("<innovation:orphan>",), None, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:innovation-update", "POST", ("<innovation:public>",), INNOVATION, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 302, "partner": 403, "anonymous": 302}),
    ("transfer:innovation-update", "POST", ("<innovation:hidden>",), INNOVATION, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 302, "partner": 404, "anonymous": 302}),
    ("transfer:innovation-update", "POST", ("<innovation:secret>",), INNOVATION, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 302, "partner": 404, "anonymous": 302}),
    ("transfer:innovation-update", "POST", ("<innovation:orphan>",), INNOVATION, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 302, "partner": 404, "anonymous": 302}),
    # Moving it along the pipeline (a move someone else made first sends back to the page too).
    ("transfer:innovation-move", "GET", ("<innovation:public>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 302}),
    ("transfer:innovation-move", "GET", ("<innovation:hidden>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:innovation-move", "GET", ("<innovation:secret>",), None, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:innovation-move", "GET", ("<innovation:orphan>",), None, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:innovation-move", "POST", ("<innovation:public>",), FORWARD, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 302, "partner": 403, "anonymous": 302}),
    ("transfer:innovation-move", "POST", ("<innovation:hidden>",), FORWARD, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 302, "partner": 404, "anonymous": 302}),
    ("transfer:innovation-move", "POST", ("<innovation:secret>",), FORWARD, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 302, "partner": 404, "anonymous": 302}),
    ("transfer:innovation-move", "POST", ("<innovation:orphan>",), FORWARD, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 302, "partner": 404, "anonymous": 302}),
    ("transfer:innovation-move", "POST", ("<innovation:secret>",), {"to": "abandoned", "expected": "identified"}, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 400, "partner": 404, "anonymous": 302}),
    ("transfer:innovation-move", "POST", ("<innovation:public>",), {"to": "protecting", "expected": "evaluating"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 302, "partner": 403, "anonymous": 302}),
    ("transfer:innovation-move", "POST", ("<innovation:public>",), {"to": "sideways", "expected": "identified"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 400, "partner": 403, "anonymous": 302}),
    ("transfer:innovation-move", "POST", (999_999,), FORWARD, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    # Agreements.
    ("transfer:agreement-list", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("transfer:agreement-list", "GET", (), {"kind": "nda", "partner": "x", "expiring": "on"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("transfer:agreement-detail", "GET", ("<agreement:public>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("transfer:agreement-detail", "GET", ("<agreement:hidden>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:agreement-detail", "GET", ("<agreement:secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:agreement-detail", "GET", ("<agreement:orphan>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    # An agreement's expiry as a one-event calendar file: whoever sees the agreement.
    ("transfer:agreement-ics", "GET", ("<agreement:public>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("transfer:agreement-ics", "GET", ("<agreement:hidden>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:agreement-ics", "GET", ("<agreement:secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    # Who can see an agreement, why, and what they may do: for the transfer office,
    # direction and operations; 403 for anyone else who sees it (transfer.access).
    ("transfer:agreement-access", "GET", ("<agreement:public>",), None, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 302}),
    ("transfer:agreement-access", "GET", ("<agreement:hidden>",), {"format": "csv"}, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:agreement-access", "GET", ("<agreement:secret>",), {"format": "xlsx"}, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:agreement-create", "GET", ("<innovation:public>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 302}),
    ("transfer:agreement-create", "GET", ("<innovation:hidden>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:agreement-create", "GET", ("<innovation:secret>",), None, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:agreement-create", "GET", ("<innovation:orphan>",), None, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:agreement-create", "POST", ("<innovation:public>",), AGREEMENT, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 302, "partner": 403, "anonymous": 302}),
    ("transfer:agreement-create", "POST", ("<innovation:hidden>",), AGREEMENT, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 302, "partner": 404, "anonymous": 302}),
    ("transfer:agreement-create", "POST", ("<innovation:secret>",), AGREEMENT, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 302, "partner": 404, "anonymous": 302}),
    ("transfer:agreement-create", "POST", ("<innovation:orphan>",), AGREEMENT, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 302, "partner": 404, "anonymous": 302}),
    ("transfer:agreement-create", "POST", ("<innovation:public>",), {**AGREEMENT, "expires_on": "<30 days ago>"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 400, "partner": 403, "anonymous": 302}),
    ("transfer:agreement-update", "GET", ("<agreement:public>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 302}),
    ("transfer:agreement-update", "GET", ("<agreement:hidden>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:agreement-update", "GET", ("<agreement:secret>",), None, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:agreement-update", "GET", ("<agreement:orphan>",), None, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:agreement-update", "POST", ("<agreement:public>",), AGREEMENT, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 302, "partner": 403, "anonymous": 302}),
    ("transfer:agreement-update", "POST", ("<agreement:hidden>",), AGREEMENT, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 302, "partner": 404, "anonymous": 302}),
    ("transfer:agreement-update", "POST", ("<agreement:secret>",), AGREEMENT, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 302, "partner": 404, "anonymous": 302}),
    ("transfer:agreement-update", "POST", ("<agreement:orphan>",), AGREEMENT, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 302, "partner": 404, "anonymous": 302}),
    # Deployments.
    ("transfer:deployment-create", "GET", ("<innovation:public>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 302}),
    ("transfer:deployment-create", "GET", ("<innovation:hidden>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:deployment-create", "GET", ("<innovation:secret>",), None, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:deployment-create", "GET", ("<innovation:orphan>",), None, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:deployment-create", "POST", ("<innovation:public>",), DEPLOYMENT, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 302, "partner": 403, "anonymous": 302}),
    ("transfer:deployment-create", "POST", ("<innovation:hidden>",), DEPLOYMENT, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 302, "partner": 404, "anonymous": 302}),
    ("transfer:deployment-create", "POST", ("<innovation:secret>",), DEPLOYMENT, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 302, "partner": 404, "anonymous": 302}),
    ("transfer:deployment-create", "POST", ("<innovation:orphan>",), DEPLOYMENT, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 302, "partner": 404, "anonymous": 302}),
    ("transfer:deployment-create", "POST", ("<innovation:secret>",), {"system_name": "EPIC"}, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 400, "partner": 404, "anonymous": 302}),
    ("transfer:deployment-update", "GET", ("<deployment:secret>",), None, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:deployment-update", "POST", ("<deployment:secret>",), {**DEPLOYMENT, "status": "live"}, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 302, "partner": 404, "anonymous": 302}),
    # Partner companies.
    ("transfer:partner-list", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("transfer:partner-list", "GET", (), {"q": "med"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    # The suggestions of a partner field: everyone signed in, over the partners they see (test_suggest).
    ("transfer:partner-suggest", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("transfer:partner-suggest", "GET", (), {"q": "me"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("transfer:partner-suggest", "GET", (), {"q": "ab\x00c"}, {
        "director": 400, "ops": 400, "teamlead": 400, "teamlead2": 400, "researcher": 400, "depthead": 400,
        "depthead2": 400, "clinician": 400, "clinician2": 400, "transfer": 400, "partner": 400, "anonymous": 302}),
    ("transfer:partner-suggest", "POST", (), {"q": "ab"}, {
        "director": 405, "ops": 405, "teamlead": 405, "teamlead2": 405, "researcher": 405, "depthead": 405,
        "depthead2": 405, "clinician": 405, "clinician2": 405, "transfer": 405, "partner": 405, "anonymous": 302}),
    ("transfer:partner-detail", "GET", ("<company:partner>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("transfer:partner-detail", "GET", ("<company:other>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:partner-create", "GET", (), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 302}),
    ("transfer:partner-create", "POST", (), {"name": "Cardio Devices SA"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 302, "partner": 403, "anonymous": 302}),
    ("transfer:partner-create", "POST", (), {"name": "Other Medical"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 400, "partner": 403, "anonymous": 302}),
    ("transfer:partner-update", "GET", ("<company:partner>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 302}),
    ("transfer:partner-update", "GET", ("<company:other>",), None, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("transfer:partner-update", "POST", ("<company:partner>",), {"name": "partner renamed"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 302, "partner": 403, "anonymous": 302}),
    ("transfer:partner-update", "POST", ("<company:other>",), {"name": "other renamed"}, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 302, "partner": 404, "anonymous": 302}),
    # Key figures: direction, operations and the transfer office.
    ("transfer:figures", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 302}),
    ("transfer:figures-export", "GET", (), {"figure": "stages"}, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 302}),
    ("transfer:figures-export", "GET", (), {"figure": "transfers"}, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 302}),
    ("transfer:figures-export", "GET", (), {"figure": "expiring"}, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 302}),
    ("transfer:figures-export", "GET", (), {"figure": "deployments"}, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 302}),
    ("transfer:figures-export", "GET", (), {"figure": "salaries"}, {
        "director": 400, "ops": 400, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 400, "partner": 403, "anonymous": 302}),
    ("transfer:figures-export", "GET", (), {"figure": "stages", "format": "pdf"}, {
        "director": 400, "ops": 400, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 400, "partner": 403, "anonymous": 302}),
]

# The API's records (test_api.py), on the scenario with a deployment of every innovation.
API_OBJECTS: list[MatrixRow] = [
    # Who sees a record reads it; only transfer officers change it.
    ("api:innovation-detail", "GET", ("<innovation:public>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:innovation-detail", "GET", ("<innovation:hidden>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:innovation-detail", "GET", ("<innovation:secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:innovation-detail", "GET", ("<innovation:orphan>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:innovation-detail", "PATCH", ("<innovation:public>",), {"title": "Renamed", "readiness_level": 6}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 401}),
    ("api:innovation-detail", "PATCH", ("<innovation:hidden>",), {"title": "Renamed", "readiness_level": 6}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:innovation-detail", "PATCH", ("<innovation:secret>",), {"title": "Renamed", "readiness_level": 6}, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:innovation-detail", "PATCH", ("<innovation:orphan>",), {"title": "Renamed", "readiness_level": 6}, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:innovation-detail", "PATCH", ("<innovation:public>",), {"stage": "evaluating"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 401}),
    ("api:innovation-detail", "PATCH", ("<innovation:hidden>",), {"stage": "evaluating"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:innovation-detail", "PATCH", ("<innovation:secret>",), {"stage": "evaluating"}, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:innovation-detail", "PATCH", ("<innovation:orphan>",), {"stage": "evaluating"}, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:innovation-move", "POST", ("<innovation:public>",), {"stage": "evaluating", "expected": "identified"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 401}),
    ("api:innovation-move", "POST", ("<innovation:hidden>",), {"stage": "evaluating", "expected": "identified"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:innovation-move", "POST", ("<innovation:secret>",), {"stage": "evaluating", "expected": "identified"}, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:innovation-move", "POST", ("<innovation:orphan>",), {"stage": "evaluating", "expected": "identified"}, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:agreement-detail", "GET", ("<agreement:public>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:agreement-detail", "GET", ("<agreement:hidden>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:agreement-detail", "GET", ("<agreement:secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:agreement-detail", "GET", ("<agreement:orphan>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:agreement-detail", "PATCH", ("<agreement:public>",), {"reference": "AGR-RENAMED"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 401}),
    ("api:agreement-detail", "PATCH", ("<agreement:hidden>",), {"reference": "AGR-RENAMED"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:agreement-detail", "PATCH", ("<agreement:secret>",), {"reference": "AGR-RENAMED"}, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:agreement-detail", "PATCH", ("<agreement:orphan>",), {"reference": "AGR-RENAMED"}, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:deployment-detail", "GET", ("<deployment:public>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:deployment-detail", "GET", ("<deployment:hidden>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:deployment-detail", "GET", ("<deployment:secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:deployment-detail", "GET", ("<deployment:orphan>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:deployment-detail", "PATCH", ("<deployment:public>",), {"system_name": "RENAMED", "status": "retired"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 401}),
    ("api:deployment-detail", "PATCH", ("<deployment:hidden>",), {"system_name": "RENAMED", "status": "retired"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:deployment-detail", "PATCH", ("<deployment:secret>",), {"system_name": "RENAMED", "status": "retired"}, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:deployment-detail", "PATCH", ("<deployment:orphan>",), {"system_name": "RENAMED", "status": "retired"}, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:partner-detail", "GET", ("<company:partner>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:partner-detail", "GET", ("<company:other>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:partner-detail", "PATCH", ("<company:partner>",), {"name": "Renamed Medical"}, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 401}),
    ("api:partner-detail", "PATCH", ("<company:other>",), {"name": "Renamed Medical"}, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
]

API_LISTS: list[MatrixRow] = [
    # Anyone signed in lists what they see; only transfer officers create.
    ("api:innovation-list", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:innovation-list", "POST", (), NEW_INNOVATION, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 201, "partner": 403, "anonymous": 401}),
    ("api:partner-list", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:partner-list", "POST", (), NEW_PARTNER, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 201, "partner": 403, "anonymous": 401}),
    ("api:agreement-list", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:agreement-list", "POST", (), NEW_AGREEMENT, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 201, "partner": 403, "anonymous": 401}),
    ("api:deployment-list", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:deployment-list", "POST", (), NEW_DEPLOYMENT, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 201, "partner": 403, "anonymous": 401}),
]

# Why one sees a record (whoever sees it) and who sees it (the transfer office,
# direction and operations), in the API (test_api.py).
API_ACCESS: list[MatrixRow] = [
    ("api:innovation-access-me", "GET", ("<innovation:public>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:innovation-access-me", "GET", ("<innovation:secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:innovation-access", "GET", ("<innovation:public>",), None, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 401}),
    ("api:innovation-access", "GET", ("<innovation:hidden>",), None, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:agreement-access-me", "GET", ("<agreement:public>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:agreement-access-me", "GET", ("<agreement:secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:agreement-access", "GET", ("<agreement:public>",), None, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 401}),
    ("api:agreement-access", "GET", ("<agreement:hidden>",), None, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:deployment-access-me", "GET", ("<deployment:public>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:deployment-access-me", "GET", ("<deployment:secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:deployment-access", "GET", ("<deployment:public>",), None, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 200, "partner": 403, "anonymous": 401}),
    ("api:deployment-access", "GET", ("<deployment:hidden>",), None, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 200, "partner": 404, "anonymous": 401}),
]
# fmt: on

ROWS = [*PAGES, *API_OBJECTS, *API_LISTS, *API_ACCESS]
