from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from people import services
from people.directory import MAX_FILE_BYTES, FileRefused, directory_file_read
from people.models import User
from people.roles import is_operations
from people.services.directory import DirectoryPlan


class Command(BaseCommand):
    help = (
        "Load people or units from an HR file (CSV or XLSX; docs/operations.md): print what would be created, "
        "updated and deactivated, then apply it in one transaction unless --dry-run. Exits non-zero on errors."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Print the preview; write nothing.")
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="Deactivate the people of the file's institutions, with an employee id, missing from it.",
        )
        parser.add_argument("--by", help="The operations account the changes are audited under (to apply).")

    def _by(self, username: str | None) -> User:
        by = User.objects.filter(username=username or "").first()
        if by is None or not is_operations(by):
            raise CommandError("--by must name an active operations account to apply a file.")
        return by

    def _print(self, plan: DirectoryPlan) -> None:
        for row in plan.errors:
            for error in row.errors:
                self.stderr.write(f"line {row.line} ({row.key}): {error}")
        for row in [*plan.created, *plan.updated]:
            changes = "; ".join(f"{name}: {old or '—'} → {new or '—'}" for name, (old, new) in row.changes.items())
            self.stdout.write(f"{row.action} {row.key}: {changes}")
        for head in plan.heads:
            self.stdout.write(f"head of {head.unit}: {head.old or '—'} → {head.new or head.new_key}")
        for user in plan.deactivate:
            self.stdout.write(f"deactivate {user.institution}:{user.employee_id} ({user.full_name})")
        counts = plan.counts()
        self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()))
        if plan.nothing_to_change:
            self.stdout.write("Nothing to change.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        by = None if options["dry_run"] else self._by(options["by"])
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise FileRefused("The file is larger than 5 MB.")
            parsed = directory_file_read(path.read_bytes(), path.name)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        except FileRefused as error:
            raise CommandError(str(error)) from error
        deactivate = options["deactivate_missing"]
        plan = services.directory_plan(kind=parsed.kind, rows=parsed.rows, deactivate_missing=deactivate)
        self._print(plan)
        if plan.errors:
            raise CommandError(f"{len(plan.errors)} rows with errors: nothing was written.")
        if by is None or plan.nothing_to_change:
            return
        try:
            services.directory_apply(
                kind=parsed.kind, rows=parsed.rows, by=by, deactivate_missing=deactivate, source=path.name
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS("Applied."))
