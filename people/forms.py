from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from core.outbox import email_queue
from people.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "language", "digest"]
        widgets = {"language": forms.RadioSelect, "digest": forms.RadioSelect}
        help_texts = {"digest": _("A summary by email of what waits for you and what changed.")}


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's form, with the email going through the outbox like every other."""

    def save(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        email = self.cleaned_data["email"]
        for user in self.get_users(email):
            token = default_token_generator.make_token(user)
            email_queue(
                key=f"password-reset:{user.pk}:{token}",
                to=user.email,
                recipient=user,
                language=user.language,
                template="password_reset",
                context={
                    "user": user,
                    "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": token,
                },
            )
