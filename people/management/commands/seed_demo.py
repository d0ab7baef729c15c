from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Create the demo accounts and data (SPEC §6). Idempotent; refuses to run with DEBUG off."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("seed_demo creates accounts with a known password: it runs only with DEBUG on.")
        # Each app seeds in its demo.py, lowest app first: first the accounts and
        # reference data (``seed``), then the content that uses them (``seed_content``).
        modules = [
            import_module(f"{config.name}.demo")
            for config in apps.get_app_configs()
            # The project's own apps only, not the installed packages (which live under BASE_DIR too, in .venv).
            if Path(config.path).parent == Path(settings.BASE_DIR) and find_spec(f"{config.name}.demo") is not None
        ]
        with transaction.atomic():
            for module in modules:
                module.seed()
            for module in modules:
                if hasattr(module, "seed_content"):
                    module.seed_content()
        # Whether the public default demo password is in use (the password itself is never shown):
        public = settings.DEMO_PASSWORD == "labsite-demo"  # nosec B105
        which = "default" if public else "set"
        self.stdout.write(self.style.SUCCESS(f"Demo ready; every account's password is the DEMO_PASSWORD ({which})."))
