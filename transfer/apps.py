from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "transfer"
    verbose_name = _("Technology transfer")

    def ready(self) -> None:
        from core.sections import register_section
        from transfer import (
            permissions,  # noqa: F401  (registers the role rules)
            personal_data,  # noqa: F401  (registers its sections of the export)
        )
        from transfer.sections import project_innovations_section

        register_section(
            "projects:project-detail", template="transfer/project_innovations.html", context=project_innovations_section
        )
