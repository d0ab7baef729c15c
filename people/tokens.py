"""Secrets that emails carry, made when the email is sent (core.outbox), never stored."""

from django.contrib.auth.tokens import default_token_generator

from people.models import User

RESET_LINK = "password_reset"


def password_reset_token(user_id: int) -> str:
    """A fresh reset token for an account that may still reset its password."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        raise ValueError("This account may not reset its password")
    return default_token_generator.make_token(user)
