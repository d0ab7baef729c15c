from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class LabAdminSite(admin.AdminSite):
    """The admin, open to operations (SPEC §2) and superusers, whatever their
    ``is_staff`` flag says: the role is the group, in one place."""

    site_header = _("labsite administration")
    site_title = "labsite"
    index_title = _("Reference data, accounts and roles")

    def has_permission(self, request: HttpRequest) -> bool:
        from people.roles import is_operations

        user = request.user
        return bool(user.is_active and is_operations(user))


class LabAdminConfig(AdminConfig):
    default_site = "core.admin_site.LabAdminSite"
