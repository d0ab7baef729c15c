"""The URL names notifications' permission matrices cover (a helper module, not a
test module): labsite/tests/test_urls.py fails when a URL of the site is in
no app's ``COVERED_URL_NAMES``."""

COVERED_URL_NAMES = frozenset(
    {
        "notifications:unsubscribe",
    }
)
