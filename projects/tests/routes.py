"""The routes, (URL name, HTTP method), that the permission matrices of projects/
cover (a helper module, not a test module): labsite/tests/test_urls.py fails
when a route of the site, or a method it accepts, is in no app's ``COVERED``."""

COVERED = frozenset(
    {
        ("api:datarequest-approve", "POST"),
        ("api:datarequest-detail", "GET"),
        ("api:datarequest-list", "GET"),
        ("api:datarequest-list", "POST"),
        ("api:datarequest-reject", "POST"),
        ("api:datarequest-submit", "POST"),
        ("api:project-detail", "GET"),
        ("api:project-detail", "PATCH"),
        ("api:project-list", "GET"),
        ("api:project-list", "POST"),
        ("api:project-member", "DELETE"),
        ("api:project-members", "GET"),
        ("api:project-members", "POST"),
        ("api:project-milestone", "PATCH"),
        ("api:project-milestones", "GET"),
        ("api:project-milestones", "POST"),
        ("projects:datarequest-create", "GET"),
        ("projects:datarequest-create", "POST"),
        ("projects:datarequest-decide", "POST"),
        ("projects:datarequest-submit", "POST"),
        ("projects:milestone-create", "POST"),
        ("projects:milestone-done", "GET"),
        ("projects:milestone-done", "POST"),
        ("projects:milestone-undone", "POST"),
        ("projects:project-create", "GET"),
        ("projects:project-create", "POST"),
        ("projects:project-detail", "GET"),
        ("projects:project-export", "GET"),
        ("projects:project-list", "GET"),
        ("projects:project-member-add", "GET"),
        ("projects:project-member-add", "POST"),
        ("projects:project-member-remove", "POST"),
        ("projects:project-member-role", "POST"),
        ("projects:project-members", "GET"),
        ("projects:project-update", "GET"),
        ("projects:project-update", "POST"),
    }
)
