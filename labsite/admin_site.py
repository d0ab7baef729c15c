from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class LabAdminSite(admin.AdminSite):
    """The admin, open to operations (SPEC §2) and superusers, whatever their
    ``is_staff`` flag says: the role is the group, in one place."""

    site_header = _("labsite administration")
    site_title = "labsite"
    index_title = _("Reference data, accounts and roles")

    def has_permission(self, request: HttpRequest) -> bool:
        # Imported here: this module is read while the apps load, before people's models.
        from people.roles import is_operations

        user = request.user
        return bool(user.is_active and is_operations(user))

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """One sign-in page for the whole site (with its lockout and log); a
        signed-in person who is not operations is refused, not asked again."""
        from django.contrib.auth.views import redirect_to_login

        if request.user.is_authenticated:
            raise PermissionDenied("admin")
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"), settings.LOGIN_URL)


class LabAdminConfig(AdminConfig):
    default_site = "labsite.admin_site.LabAdminSite"
