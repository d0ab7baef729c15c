"""The URL names transfer' permission matrices cover (a helper module, not a
test module): labsite/tests/test_urls.py fails when a URL of the site is in
no app's ``COVERED_URL_NAMES``."""

COVERED_URL_NAMES = frozenset(
    {
        "api:agreement-detail",
        "api:agreement-list",
        "api:deployment-detail",
        "api:deployment-list",
        "api:innovation-detail",
        "api:innovation-list",
        "api:innovation-move",
        "api:partner-detail",
        "api:partner-list",
        "transfer:agreement-create",
        "transfer:agreement-detail",
        "transfer:agreement-list",
        "transfer:agreement-update",
        "transfer:board",
        "transfer:deployment-create",
        "transfer:deployment-update",
        "transfer:figures",
        "transfer:figures-export",
        "transfer:innovation-create",
        "transfer:innovation-detail",
        "transfer:innovation-export",
        "transfer:innovation-list",
        "transfer:innovation-move",
        "transfer:innovation-update",
        "transfer:partner-create",
        "transfer:partner-detail",
        "transfer:partner-list",
        "transfer:partner-update",
    }
)
