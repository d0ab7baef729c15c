from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and units")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from core.outbox import secret_maker_register
        from people import (
            permissions,  # noqa: F401  (registers the role rules)
            personal_data,  # noqa: F401  (registers its sections of the export)
        )
        from people.roles import ensure_role_groups
        from people.signals import connect as second_factor_signals_connect
        from people.tokens import RESET_LINK, password_reset_token

        secret_maker_register(RESET_LINK, password_reset_token)
        second_factor_signals_connect()

        # After every app's migration, not only this one's: the permissions of
        # apps listed after people/ (notifications' runs) exist only then.
        post_migrate.connect(ensure_role_groups, dispatch_uid="people.role_groups")
