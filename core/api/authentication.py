from typing import Any

from rest_framework import authentication
from rest_framework.request import Request

from core.middleware import use_language_of


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's ``Authorization: Token <key>``; the API then answers, error
    messages included, in the language of the token owner's profile, as pages
    answer a signed-in user (``core.middleware.UserLanguageMiddleware``)."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None:
            use_language_of(result[0], request._request)
        return result
