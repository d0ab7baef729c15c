"""The URL names projects' permission matrices cover (a helper module, not a
test module): labsite/tests/test_urls.py fails when a URL of the site is in
no app's ``COVERED_URL_NAMES``."""

COVERED_URL_NAMES = frozenset(
    {
        "api:datarequest-approve",
        "api:datarequest-detail",
        "api:datarequest-list",
        "api:datarequest-reject",
        "api:datarequest-submit",
        "api:project-detail",
        "api:project-list",
        "api:project-member",
        "api:project-members",
        "api:project-milestone",
        "api:project-milestones",
        "projects:datarequest-create",
        "projects:datarequest-decide",
        "projects:datarequest-submit",
        "projects:milestone-create",
        "projects:milestone-done",
        "projects:milestone-undone",
        "projects:project-create",
        "projects:project-detail",
        "projects:project-export",
        "projects:project-list",
        "projects:project-member-add",
        "projects:project-member-remove",
        "projects:project-member-role",
        "projects:project-members",
        "projects:project-update",
    }
)
