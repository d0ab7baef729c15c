from typing import TYPE_CHECKING, Any

from django.http import Http404
from rest_framework import exceptions
from rest_framework.permissions import DjangoObjectPermissions

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class RulePermissions(DjangoObjectPermissions):
    """Model and object permissions for every method, reads included.

    DRF's own classes let any authenticated user read; here a read needs the
    ``view`` permission. The permissions are answered by the apps' role rules
    (``core.rules``) and django-guardian. An object the user may not view is a
    404, one they view but may not change a 403.
    """

    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }

    def has_permission(self, request: "Request", view: "APIView") -> bool:
        """On a detail URL only the ``view`` permission is asked here: the object
        check (``get_object()``, which every detail view must call) decides the
        rest. Acting on an object one cannot see is then a 404 whatever the
        method, never a 403 that would tell it exists, and a per-object grant
        (django-guardian) is enough without the model-wide permission."""
        if not request.user or not request.user.is_authenticated:
            return False
        if getattr(view, "_ignore_model_permissions", False):
            return True
        lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", None)
        on_an_object = lookup is not None and lookup in getattr(view, "kwargs", {})
        method = "GET" if on_an_object and request.method in self.perms_map else request.method or ""
        model = self._queryset(view).model
        return request.user.has_perms(self.get_required_permissions(method, model))

    def has_object_permission(self, request: "Request", view: "APIView", obj: Any) -> bool:
        try:
            return super().has_object_permission(request, view, obj)
        except Http404:
            raise exceptions.NotFound() from None
