"""The permission matrices of projects/ (SPEC §3), as plain data.

Each row: ``(URL name, method, URL arguments, data, {persona: expected status})``;
the data is the query of a GET, the body of anything else. 404: the persona
cannot see the project; 403: they see it but may not do this; 409: the
state of the request forbids it. An anonymous visitor is sent to the sign-in
page (302), or asked by the API to authenticate (401).

A ``<...>`` is filled in when the check runs (``core.testing.filled``): a date
(``<in 7 days>``), a demo account (``<user:transfer>``) or a record of the
matrix's world, named above its list.

Read by test_permissions.py and test_api.py, and by labsite/tests/test_urls.py,
which fails when a URL and method of the site is in no app's ``ROWS``.
"""

from core.testing import MatrixRow

NEW_PROJECT = {
    "acronym": "NEWPROJ",
    "title": "A new project",
    "clinical_domain": "neurology",
    "methods": "simulation, imaging",
    "status": "proposed",
}
SECRET_PROJECT = {**NEW_PROJECT, "acronym": "SECRET", "confidential": "on"}
OPEN_PROJECT = {**NEW_PROJECT, "acronym": "OPEN"}
NEW_DATA_REQUEST = {"route": "committee", "perimeter": "Adults since 2020", "categories": ["imaging", "notes"]}
APPROVAL = {"decision": "approve", "committee_reference": "CSE-24-001", "expires_on": "<in 365 days>"}

NEW_PROJECT_API = {"acronym": "NEW-STUDY", "title": "A new study", "clinical_domain": "neurology"}
NEW_MILESTONE = {"title": "Paper submitted", "due_date": "2031-01-31"}
NEW_DATA_REQUEST_OF_A = {
    "project": "<project:A-open>",
    "route": "committee",
    "perimeter": "Adults admitted for heart failure, 2020-2024.",
    "categories": ["demographics", "biology"],
}
NEW_DATA_REQUEST_OF_B = {**NEW_DATA_REQUEST_OF_A, "project": "<project:B-open>"}
API_APPROVAL = {"committee_reference": "CSE-24-042", "expires_on": "2099-12-31"}
REJECTION = {"reason": "The perimeter is too broad."}

# fmt: off
# The pages (test_permissions.py), on the projects of build_projects (projects/tests/worlds.py):
# <project:open> (teamlead leads it, partner is a member), <project:secret> (confidential; researcher
# leads it, clinician is a member) and <project:other> (teamlead2 leads it); each has a milestone
# (<milestone:open>...), a draft and a submitted data-access request (<datarequest:open-draft>...).
PAGES: list[MatrixRow] = [
    # The list, its search and its export: everyone signed in; what they hold is in test_views.
    ("projects:project-list", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("projects:project-list", "GET", (), {"q": "SECRET"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("projects:project-list", "GET", (), {"mine": "on", "confidential": "yes"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    # The suggestions of a project field: everyone signed in, over what they see (test_suggest).
    ("projects:project-suggest", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("projects:project-suggest", "GET", (), {"q": "SE"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("projects:project-suggest", "GET", (), {"q": "secret"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("projects:project-suggest", "GET", (), {"q": "x" * 500}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("projects:project-suggest", "GET", (), {"q": "ab\x00c"}, {
        "director": 400, "ops": 400, "teamlead": 400, "teamlead2": 400, "researcher": 400, "depthead": 400,
        "depthead2": 400, "clinician": 400, "clinician2": 400, "transfer": 400, "partner": 400, "anonymous": 302}),
    ("projects:project-suggest", "POST", (), {"q": "ab"}, {
        "director": 405, "ops": 405, "teamlead": 405, "teamlead2": 405, "researcher": 405, "depthead": 405,
        "depthead2": 405, "clinician": 405, "clinician2": 405, "transfer": 405, "partner": 405, "anonymous": 302}),
    ("projects:project-export", "GET", (), {"format": "csv"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("projects:project-export", "GET", (), {"format": "xlsx", "q": "heart"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("projects:project-export", "GET", (), {"format": "pdf"}, {
        "director": 400, "ops": 400, "teamlead": 400, "teamlead2": 400, "researcher": 400, "depthead": 400,
        "depthead2": 400, "clinician": 400, "clinician2": 400, "transfer": 400, "partner": 400, "anonymous": 302}),
    # Creating: staff only.
    ("projects:project-create", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 403, "anonymous": 302}),
    ("projects:project-create", "POST", (), NEW_PROJECT, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 302, "researcher": 302, "depthead": 302,
        "depthead2": 302, "clinician": 302, "clinician2": 302, "transfer": 302, "partner": 403, "anonymous": 302}),
    ("projects:project-create", "POST", (), {"acronym": "X"}, {
        "director": 400, "ops": 400, "teamlead": 400, "teamlead2": 400, "researcher": 400, "depthead": 400,
        "depthead2": 400, "clinician": 400, "clinician2": 400, "transfer": 400, "partner": 403, "anonymous": 302}),
    # A project.
    ("projects:project-detail", "GET", ("<project:open>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("projects:project-detail", "GET", ("<project:secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:project-detail", "GET", ("<project:other>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 302}),
    ("projects:project-detail", "GET", (999_999,), None, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:project-update", "GET", ("<project:open>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 302}),
    ("projects:project-update", "GET", ("<project:secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:project-update", "GET", ("<project:other>",), None, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 200, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 302}),
    ("projects:project-update", "POST", ("<project:secret>",), SECRET_PROJECT, {
        "director": 302, "ops": 302, "teamlead": 404, "teamlead2": 404, "researcher": 302, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:project-update", "POST", ("<project:open>",), OPEN_PROJECT, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 302}),
    # Who can see a project, why, and what they may do: for its managers (issue 16).
    ("projects:project-access", "GET", ("<project:open>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 302}),
    ("projects:project-access", "GET", ("<project:secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:project-access", "GET", ("<project:secret>",), {"format": "csv"}, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:project-access", "GET", ("<project:other>",), {"format": "xlsx"}, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 200, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 302}),
    # Members.
    ("projects:project-members", "GET", ("<project:open>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 302}),
    ("projects:project-members", "GET", ("<project:secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:project-members", "GET", ("<project:other>",), None, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 200, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 302}),
    ("projects:project-member-add", "POST", ("<project:secret>",), {"user": "<user:transfer>", "role": "member"}, {
        "director": 302, "ops": 302, "teamlead": 404, "teamlead2": 404, "researcher": 302, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:project-member-add", "POST", ("<project:open>",), {"user": "<user:clinician2>", "role": "lead"}, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 302}),
    ("projects:project-member-add", "GET", ("<project:secret>",), None, {
        "director": 405, "ops": 405, "teamlead": 405, "teamlead2": 405, "researcher": 405, "depthead": 405,
        "depthead2": 405, "clinician": 405, "clinician2": 405, "transfer": 405, "partner": 405, "anonymous": 302}),
    ("projects:project-member-remove", "POST", ("<project:secret>",), {"user": "<user:clinician>"}, {
        "director": 302, "ops": 302, "teamlead": 404, "teamlead2": 404, "researcher": 302, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:project-member-remove", "POST", ("<project:open>",), {"user": "<user:partner>"}, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 302}),
    ("projects:project-member-role", "POST", ("<project:secret>",), {"user": "<user:clinician>", "role": "lead"}, {
        "director": 302, "ops": 302, "teamlead": 404, "teamlead2": 404, "researcher": 302, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:project-member-role", "POST", ("<project:other>",), {"user": "<user:teamlead2>", "role": "member"}, {
        "director": 400, "ops": 400, "teamlead": 403, "teamlead2": 400, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 302}),
    # Milestones.
    ("projects:milestone-create", "POST", ("<project:open>",), {"title": "Data freeze", "due_date": "<in 7 days>"}, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 302}),
    ("projects:milestone-create", "POST", ("<project:secret>",), {"title": "Data freeze", "due_date": "<in 7 days>"}, {
        "director": 302, "ops": 302, "teamlead": 404, "teamlead2": 404, "researcher": 302, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:milestone-create", "POST", ("<project:other>",), {"title": "Data freeze", "due_date": "<in 7 days>"}, {
        "director": 302, "ops": 302, "teamlead": 403, "teamlead2": 302, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 302}),
    ("projects:milestone-done", "POST", ("<milestone:open>",), None, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 302}),
    ("projects:milestone-done", "POST", ("<milestone:secret>",), None, {
        "director": 302, "ops": 302, "teamlead": 404, "teamlead2": 404, "researcher": 302, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:milestone-done", "POST", ("<milestone:other>",), None, {
        "director": 302, "ops": 302, "teamlead": 403, "teamlead2": 302, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 302}),
    ("projects:milestone-undone", "POST", ("<milestone:secret>",), None, {
        "director": 302, "ops": 302, "teamlead": 404, "teamlead2": 404, "researcher": 302, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:milestone-done", "GET", ("<milestone:secret>",), None, {
        "director": 405, "ops": 405, "teamlead": 405, "teamlead2": 405, "researcher": 405, "depthead": 405,
        "depthead2": 405, "clinician": 405, "clinician2": 405, "transfer": 405, "partner": 405, "anonymous": 302}),
    # A milestone's due date as a one-event calendar file: whoever sees its project.
    ("projects:milestone-ics", "GET", ("<milestone:open>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 302}),
    ("projects:milestone-ics", "GET", ("<milestone:secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:milestone-ics", "GET", ("<milestone:other>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 302}),
    # Data-access requests: the project's managers draft and submit, direction and operations decide.
    ("projects:datarequest-create", "GET", ("<project:open>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 302}),
    ("projects:datarequest-create", "GET", ("<project:secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:datarequest-create", "GET", ("<project:other>",), None, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 200, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 302}),
    ("projects:datarequest-create", "POST", ("<project:secret>",), NEW_DATA_REQUEST, {
        "director": 302, "ops": 302, "teamlead": 404, "teamlead2": 404, "researcher": 302, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:datarequest-submit", "POST", ("<datarequest:open-draft>",), None, {
        "director": 302, "ops": 302, "teamlead": 302, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 302}),
    ("projects:datarequest-submit", "POST", ("<datarequest:secret-draft>",), None, {
        "director": 302, "ops": 302, "teamlead": 404, "teamlead2": 404, "researcher": 302, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:datarequest-submit", "POST", ("<datarequest:other-draft>",), None, {
        "director": 302, "ops": 302, "teamlead": 403, "teamlead2": 302, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 302}),
    ("projects:datarequest-submit", "POST", ("<datarequest:secret-submitted>",), None, {
        "director": 409, "ops": 409, "teamlead": 404, "teamlead2": 404, "researcher": 409, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:datarequest-decide", "POST", ("<datarequest:open-submitted>",), APPROVAL, {
        "director": 302, "ops": 302, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 302}),
    ("projects:datarequest-decide", "POST", ("<datarequest:secret-submitted>",), APPROVAL, {
        "director": 302, "ops": 302, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:datarequest-decide", "POST", ("<datarequest:other-submitted>",), APPROVAL, {
        "director": 302, "ops": 302, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 302}),
    ("projects:datarequest-decide", "POST", ("<datarequest:secret-submitted>",), {"decision": "reject", "reason": ""}, {
        "director": 400, "ops": 400, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:datarequest-decide", "POST", ("<datarequest:secret-draft>",),
        {"decision": "reject", "reason": "Too broad"}, {
        "director": 409, "ops": 409, "teamlead": 404, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    # Attachments: <attachment:secret> (by researcher) on <datarequest:secret-submitted>,
    # <attachment:other> (by teamlead2) on <datarequest:other-submitted>. No file sent: 400 to who may attach.
    ("projects:datarequest-attach", "POST", ("<datarequest:secret-submitted>",), None, {
        "director": 400, "ops": 400, "teamlead": 404, "teamlead2": 404, "researcher": 400, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:datarequest-attach", "POST", ("<datarequest:open-draft>",), None, {
        "director": 400, "ops": 400, "teamlead": 400, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 302}),
    ("projects:datarequest-detach", "POST", ("<datarequest:secret-submitted>", "<attachment:secret>"), None, {
        "director": 403, "ops": 403, "teamlead": 404, "teamlead2": 404, "researcher": 302, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:datarequest-detach", "POST", ("<datarequest:other-submitted>", "<attachment:secret>"), None, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:datarequest-attachment", "GET", ("<attachment:secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 302}),
    ("projects:datarequest-attachment", "GET", ("<attachment:other>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 302}),
]

# The API (test_api.py), on four projects, each open or confidential: A-open and A-secret (teamlead
# leads them; researcher, clinician and partner are members), B-open and B-secret (teamlead2 leads them;
# depthead, clinician2, ops and transfer are members); each has a milestone and a data-access request
# in each state (<datarequest:A-open-draft>, ...-submitted, ...-approved).
API_PROJECTS: list[MatrixRow] = [
    # A project: reading takes seeing it, every change managing it.
    ("api:project-detail", "GET", ("<project:A-open>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:project-detail", "GET", ("<project:A-secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 200, "anonymous": 401}),
    ("api:project-detail", "GET", ("<project:B-open>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:project-detail", "GET", ("<project:B-secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 200, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 404, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 401}),
    # Why one sees a project: whoever sees it; who can see it: its managers (issue 16).
    ("api:project-access-me", "GET", ("<project:A-secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 200, "anonymous": 401}),
    ("api:project-access-me", "GET", ("<project:B-open>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:project-access", "GET", ("<project:A-secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 401}),
    ("api:project-access", "GET", ("<project:B-open>",), None, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 200, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:project-detail", "PATCH", ("<project:A-open>",), {"title": "A revised title", "status": "active"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 401}),
    ("api:project-detail", "PATCH", ("<project:A-secret>",), {"title": "A revised title", "status": "active"}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 401}),
    ("api:project-detail", "PATCH", ("<project:B-open>",), {"title": "A revised title", "status": "active"}, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 200, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:project-detail", "PATCH", ("<project:B-secret>",), {"title": "A revised title", "status": "active"}, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 200, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    # Its members: A's manager may remove clinician, B's clinician2; depthead2 is in neither cast.
    ("api:project-members", "GET", ("<project:A-open>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:project-members", "GET", ("<project:A-secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 200, "anonymous": 401}),
    ("api:project-members", "GET", ("<project:B-open>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:project-members", "GET", ("<project:B-secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 200, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 404, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:project-members", "POST", ("<project:A-open>",), {"user": "depthead2", "role": "member"}, {
        "director": 201, "ops": 201, "teamlead": 201, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 401}),
    ("api:project-members", "POST", ("<project:A-secret>",), {"user": "depthead2", "role": "member"}, {
        "director": 201, "ops": 201, "teamlead": 201, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 401}),
    ("api:project-members", "POST", ("<project:B-open>",), {"user": "depthead2", "role": "member"}, {
        "director": 201, "ops": 201, "teamlead": 403, "teamlead2": 201, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:project-members", "POST", ("<project:B-secret>",), {"user": "depthead2", "role": "member"}, {
        "director": 201, "ops": 201, "teamlead": 404, "teamlead2": 201, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:project-member", "DELETE", ("<project:A-open>", "clinician"), None, {
        "director": 204, "ops": 204, "teamlead": 204, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 401}),
    ("api:project-member", "DELETE", ("<project:A-secret>", "clinician"), None, {
        "director": 204, "ops": 204, "teamlead": 204, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 401}),
    ("api:project-member", "DELETE", ("<project:B-open>", "clinician2"), None, {
        "director": 204, "ops": 204, "teamlead": 403, "teamlead2": 204, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:project-member", "DELETE", ("<project:B-secret>", "clinician2"), None, {
        "director": 204, "ops": 204, "teamlead": 404, "teamlead2": 204, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    # Its milestones.
    ("api:project-milestones", "GET", ("<project:A-open>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:project-milestones", "GET", ("<project:A-secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 200, "anonymous": 401}),
    ("api:project-milestones", "GET", ("<project:B-open>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:project-milestones", "GET", ("<project:B-secret>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 200, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 404, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:project-milestones", "POST", ("<project:A-open>",), NEW_MILESTONE, {
        "director": 201, "ops": 201, "teamlead": 201, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 401}),
    ("api:project-milestones", "POST", ("<project:A-secret>",), NEW_MILESTONE, {
        "director": 201, "ops": 201, "teamlead": 201, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 401}),
    ("api:project-milestones", "POST", ("<project:B-open>",), NEW_MILESTONE, {
        "director": 201, "ops": 201, "teamlead": 403, "teamlead2": 201, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:project-milestones", "POST", ("<project:B-secret>",), NEW_MILESTONE, {
        "director": 201, "ops": 201, "teamlead": 404, "teamlead2": 201, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:project-milestone", "PATCH", ("<project:A-open>", "<milestone:A-open>"), {"done": True}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 401}),
    ("api:project-milestone", "PATCH", ("<project:A-secret>", "<milestone:A-secret>"), {"done": True}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 401}),
    ("api:project-milestone", "PATCH", ("<project:B-open>", "<milestone:B-open>"), {"done": True}, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 200, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:project-milestone", "PATCH", ("<project:B-secret>", "<milestone:B-secret>"), {"done": True}, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 200, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
]

API_DATA_REQUESTS: list[MatrixRow] = [
    # Who sees the project sees its requests.
    ("api:datarequest-detail", "GET", ("<datarequest:A-open-draft>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:datarequest-detail", "GET", ("<datarequest:A-secret-draft>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 200, "anonymous": 401}),
    ("api:datarequest-detail", "GET", ("<datarequest:B-open-draft>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:datarequest-detail", "GET", ("<datarequest:B-secret-draft>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 200, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 404, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:datarequest-detail", "GET", ("<datarequest:A-open-submitted>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:datarequest-detail", "GET", ("<datarequest:A-secret-submitted>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 200, "anonymous": 401}),
    ("api:datarequest-detail", "GET", ("<datarequest:B-open-submitted>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:datarequest-detail", "GET", ("<datarequest:B-secret-submitted>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 200, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 404, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:datarequest-detail", "GET", ("<datarequest:A-open-approved>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    ("api:datarequest-detail", "GET", ("<datarequest:A-secret-approved>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 200, "anonymous": 401}),
    ("api:datarequest-detail", "GET", ("<datarequest:B-open-approved>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:datarequest-detail", "GET", ("<datarequest:B-secret-approved>",), None, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 200, "researcher": 404, "depthead": 200,
        "depthead2": 404, "clinician": 404, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 401}),
    # The project's managers submit a draft.
    ("api:datarequest-submit", "POST", ("<datarequest:A-open-draft>",), {}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 401}),
    ("api:datarequest-submit", "POST", ("<datarequest:A-secret-draft>",), {}, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 401}),
    ("api:datarequest-submit", "POST", ("<datarequest:B-open-draft>",), {}, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 200, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:datarequest-submit", "POST", ("<datarequest:B-secret-draft>",), {}, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 200, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:datarequest-submit", "POST", ("<datarequest:A-open-submitted>",), {}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 401}),
    ("api:datarequest-submit", "POST", ("<datarequest:A-secret-submitted>",), {}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 401}),
    ("api:datarequest-submit", "POST", ("<datarequest:B-open-submitted>",), {}, {
        "director": 409, "ops": 409, "teamlead": 403, "teamlead2": 409, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:datarequest-submit", "POST", ("<datarequest:B-secret-submitted>",), {}, {
        "director": 409, "ops": 409, "teamlead": 404, "teamlead2": 409, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:datarequest-submit", "POST", ("<datarequest:A-open-approved>",), {}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 401}),
    ("api:datarequest-submit", "POST", ("<datarequest:A-secret-approved>",), {}, {
        "director": 409, "ops": 409, "teamlead": 409, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 401}),
    ("api:datarequest-submit", "POST", ("<datarequest:B-open-approved>",), {}, {
        "director": 409, "ops": 409, "teamlead": 403, "teamlead2": 409, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:datarequest-submit", "POST", ("<datarequest:B-secret-approved>",), {}, {
        "director": 409, "ops": 409, "teamlead": 404, "teamlead2": 409, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    # Direction and operations decide a submitted request.
    ("api:datarequest-approve", "POST", ("<datarequest:A-open-draft>",), API_APPROVAL, {
        "director": 409, "ops": 409, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 401}),
    ("api:datarequest-approve", "POST", ("<datarequest:A-secret-draft>",), API_APPROVAL, {
        "director": 409, "ops": 409, "teamlead": 403, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 401}),
    ("api:datarequest-approve", "POST", ("<datarequest:B-open-draft>",), API_APPROVAL, {
        "director": 409, "ops": 409, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:datarequest-approve", "POST", ("<datarequest:B-secret-draft>",), API_APPROVAL, {
        "director": 409, "ops": 409, "teamlead": 404, "teamlead2": 403, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:datarequest-approve", "POST", ("<datarequest:A-open-submitted>",), API_APPROVAL, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 401}),
    ("api:datarequest-approve", "POST", ("<datarequest:A-secret-submitted>",), API_APPROVAL, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 401}),
    ("api:datarequest-approve", "POST", ("<datarequest:B-open-submitted>",), API_APPROVAL, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:datarequest-approve", "POST", ("<datarequest:B-secret-submitted>",), API_APPROVAL, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 403, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:datarequest-approve", "POST", ("<datarequest:A-open-approved>",), API_APPROVAL, {
        "director": 409, "ops": 409, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 401}),
    ("api:datarequest-approve", "POST", ("<datarequest:A-secret-approved>",), API_APPROVAL, {
        "director": 409, "ops": 409, "teamlead": 403, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 401}),
    ("api:datarequest-approve", "POST", ("<datarequest:B-open-approved>",), API_APPROVAL, {
        "director": 409, "ops": 409, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:datarequest-approve", "POST", ("<datarequest:B-secret-approved>",), API_APPROVAL, {
        "director": 409, "ops": 409, "teamlead": 404, "teamlead2": 403, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:datarequest-reject", "POST", ("<datarequest:A-open-draft>",), REJECTION, {
        "director": 409, "ops": 409, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 401}),
    ("api:datarequest-reject", "POST", ("<datarequest:A-secret-draft>",), REJECTION, {
        "director": 409, "ops": 409, "teamlead": 403, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 401}),
    ("api:datarequest-reject", "POST", ("<datarequest:B-open-draft>",), REJECTION, {
        "director": 409, "ops": 409, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:datarequest-reject", "POST", ("<datarequest:B-secret-draft>",), REJECTION, {
        "director": 409, "ops": 409, "teamlead": 404, "teamlead2": 403, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:datarequest-reject", "POST", ("<datarequest:A-open-submitted>",), REJECTION, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 401}),
    ("api:datarequest-reject", "POST", ("<datarequest:A-secret-submitted>",), REJECTION, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 401}),
    ("api:datarequest-reject", "POST", ("<datarequest:B-open-submitted>",), REJECTION, {
        "director": 200, "ops": 200, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:datarequest-reject", "POST", ("<datarequest:B-secret-submitted>",), REJECTION, {
        "director": 200, "ops": 200, "teamlead": 404, "teamlead2": 403, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:datarequest-reject", "POST", ("<datarequest:A-open-approved>",), REJECTION, {
        "director": 409, "ops": 409, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 401}),
    ("api:datarequest-reject", "POST", ("<datarequest:A-secret-approved>",), REJECTION, {
        "director": 409, "ops": 409, "teamlead": 403, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 401}),
    ("api:datarequest-reject", "POST", ("<datarequest:B-open-approved>",), REJECTION, {
        "director": 409, "ops": 409, "teamlead": 403, "teamlead2": 403, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:datarequest-reject", "POST", ("<datarequest:B-secret-approved>",), REJECTION, {
        "director": 409, "ops": 409, "teamlead": 404, "teamlead2": 403, "researcher": 404, "depthead": 403,
        "depthead2": 404, "clinician": 404, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
]

# The files attached to data-access requests (test_api.py).
API_DATA_ATTACHMENTS: list[MatrixRow] = [
    # Attachments: <attachment:A-secret> (by teamlead) on <datarequest:A-secret-submitted>. Who may
    # upload: the project's managers until decided (a JSON body is no file: 415); who may remove: the uploader.
    ("api:datarequest-attachments", "GET", ("<datarequest:A-secret-submitted>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 404, "researcher": 200, "depthead": 404,
        "depthead2": 404, "clinician": 200, "clinician2": 404, "transfer": 404, "partner": 200, "anonymous": 401}),
    ("api:datarequest-attachments", "GET", ("<datarequest:B-open-draft>",), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 404, "anonymous": 401}),
    ("api:datarequest-attachments", "POST", ("<datarequest:A-secret-draft>",), None, {
        "director": 415, "ops": 415, "teamlead": 415, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 401}),
    ("api:datarequest-attachments", "POST", ("<datarequest:A-secret-submitted>",), None, {
        "director": 415, "ops": 415, "teamlead": 415, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 401}),
    ("api:datarequest-attachments", "POST", ("<datarequest:B-open-submitted>",), None, {
        "director": 415, "ops": 415, "teamlead": 403, "teamlead2": 415, "researcher": 403, "depthead": 403,
        "depthead2": 403, "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 404, "anonymous": 401}),
    ("api:datarequest-attachments", "POST", ("<datarequest:A-secret-approved>",), None, {
        "director": 403, "ops": 403, "teamlead": 403, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 401}),
    ("api:datarequest-attachment", "DELETE", ("<datarequest:A-secret-submitted>", "<attachment:A-secret>"), None, {
        "director": 403, "ops": 403, "teamlead": 204, "teamlead2": 404, "researcher": 403, "depthead": 404,
        "depthead2": 404, "clinician": 403, "clinician2": 404, "transfer": 404, "partner": 403, "anonymous": 401}),
    ("api:datarequest-attachment", "DELETE", ("<datarequest:A-secret-draft>", "<attachment:A-secret>"), None, {
        "director": 404, "ops": 404, "teamlead": 404, "teamlead2": 404, "researcher": 404, "depthead": 404,
        "depthead2": 404, "clinician": 404, "clinician2": 404, "transfer": 404, "partner": 404, "anonymous": 401}),
]

# Lists and creation: anyone signed in lists.
API_LISTS: list[MatrixRow] = [
    ("api:project-list", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    # Staff create projects, partners do not.
    ("api:project-list", "POST", (), NEW_PROJECT_API, {
        "director": 201, "ops": 201, "teamlead": 201, "teamlead2": 201, "researcher": 201, "depthead": 201,
        "depthead2": 201, "clinician": 201, "clinician2": 201, "transfer": 201, "partner": 403, "anonymous": 401}),
    ("api:datarequest-list", "GET", (), None, {
        "director": 200, "ops": 200, "teamlead": 200, "teamlead2": 200, "researcher": 200, "depthead": 200,
        "depthead2": 200, "clinician": 200, "clinician2": 200, "transfer": 200, "partner": 200, "anonymous": 401}),
    # A request is drafted for a project one manages: teamlead2 tries B-open, everyone else A-open,
    # which they all see.
    ("api:datarequest-list", "POST", (), NEW_DATA_REQUEST_OF_A, {
        "director": 201, "ops": 201, "teamlead": 201, "researcher": 403, "depthead": 403, "depthead2": 403,
        "clinician": 403, "clinician2": 403, "transfer": 403, "partner": 403, "anonymous": 401}),
    ("api:datarequest-list", "POST", (), NEW_DATA_REQUEST_OF_B, {"teamlead2": 201}),
]
# fmt: on

ROWS = [*PAGES, *API_PROJECTS, *API_DATA_REQUESTS, *API_DATA_ATTACHMENTS, *API_LISTS]
