"""A request whose user is signed in: what the views behind ``login_required`` receive."""

from django.http import HttpRequest

from people.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """For annotations only: ``request.user`` is a ``User``, never anonymous."""

    user: User
