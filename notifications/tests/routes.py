"""The routes, (URL name, HTTP method), that the permission matrices of notifications/
cover (a helper module, not a test module): labsite/tests/test_urls.py fails
when a route of the site, or a method it accepts, is in no app's ``COVERED``."""

COVERED = frozenset(
    {
        ("notifications:unsubscribe", "GET"),
        ("notifications:unsubscribe", "POST"),
    }
)
