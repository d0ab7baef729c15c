"""``manage.py attachment_orphans [--delete]``: the stored files that no
attachment row names, stored more than a day ago; removed with ``--delete``.

By hand, not on a schedule: a process pointed at another database than the
store's own (a restored copy, a rehearsal) would take every file uploaded since
that copy for an orphan. Deletions through Django remove their files already
(``core.attachments.file_cleanup``); orphans come only from raw SQL or a store
that failed to delete (logged)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.attachments import orphan_files, orphan_files_remove


class Command(BaseCommand):
    help = "List the attachment files no row names, older than a day; --delete removes them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete", action="store_true", help="Remove them (default: only list them).")

    def handle(self, *args: Any, **options: Any) -> None:
        orphans = orphan_files_remove() if options["delete"] else orphan_files()
        for name in orphans:
            self.stdout.write(name)
        verb = "removed" if options["delete"] else "found (run with --delete to remove them)"
        self.stdout.write(f"{len(orphans)} orphan files {verb}.")
