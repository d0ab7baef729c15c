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

    def has_object_permission(self, request: "Request", view: "APIView", obj: Any) -> bool:
        try:
            return super().has_object_permission(request, view, obj)
        except Http404:
            raise exceptions.NotFound() from None
