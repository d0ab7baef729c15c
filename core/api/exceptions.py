from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import Conflict
from core.models import SecurityEvent
from core.security import security_log


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus a security-log row for every refusal; a model's
    validation error raised by a service is a 400 with field messages."""
    exc = _django_validation_to_drf(exc)
    if isinstance(exc, Http404):
        # One text for every 404, in the caller's language: Django's names the model, untranslated.
        exc = exceptions.NotFound()
    if isinstance(exc, Conflict):
        return Response({"detail": str(exc)}, status=409)
    request = context.get("request")
    django_request = getattr(request, "_request", None)
    if isinstance(exc, (exceptions.PermissionDenied, PermissionDenied)):
        security_log(SecurityEvent.Kind.FORBIDDEN, request=django_request, user=_user(request))
    elif isinstance(exc, (exceptions.NotFound, Http404)) and _user(request) is not None:
        security_log(SecurityEvent.Kind.NOT_VISIBLE, request=django_request, user=_user(request))
    elif isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        security_log(SecurityEvent.Kind.UNAUTHENTICATED, request=django_request)
    return drf_exception_handler(exc, context)


def _user(request: Any) -> AbstractBaseUser | None:
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def _django_validation_to_drf(exc: Exception) -> Exception:
    from django.core.exceptions import ValidationError as DjangoValidationError

    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return exceptions.ValidationError(detail)
    return exc


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The site's 404: JSON under ``/api/`` (an address no route matches, such
    as an id that is not a number), as the API's own 404s are; the page
    elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(exceptions.NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)
