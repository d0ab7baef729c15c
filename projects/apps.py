from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from projects import (
            permissions,  # noqa: F401  (registers the role rules)
            personal_data,  # noqa: F401  (registers its sections of the export)
        )
