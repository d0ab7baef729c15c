import getpass
import sys
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from people import services
from people.models import User


class Command(BaseCommand):
    help = (
        "Set a person's password, for a superuser at the server: the only way to set the password of a "
        "direction or operations account for them. Their sessions and API tokens end; it is audited and "
        "they are told by email."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--stdin", action="store_true", help="Read the password from the first line of standard input."
        )

    def _password(self, from_stdin: bool) -> str:
        if from_stdin:
            return sys.stdin.readline().rstrip("\n")
        password = getpass.getpass("New password: ")
        if password != getpass.getpass("New password (again): "):
            raise CommandError("The two passwords differ.")
        return password

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No account named {options['username']!r}.")
        password = self._password(options["stdin"])
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        services.user_password_set(user=user, password=password, comment="manage.py set_password")
        self.stdout.write(self.style.SUCCESS(f"Password of {user.username} set; they are told by email."))
