"""(e) A backup (pg_dump) restores into a database that holds the same rows and serves a signed-in page."""

import time
from dataclasses import dataclass
from pathlib import Path

from rehearsal.client import Client, Response, signed_in_page
from rehearsal.config import DATABASE, RESTORED
from rehearsal.database import database_url, recreate_database, row_counts
from rehearsal.processes import free_port, run_tool
from rehearsal.report import Result
from rehearsal.shape import Shape

LABEL = "(e) backup restored and served"


@dataclass(frozen=True)
class Copy:
    """A dump of the rehearsal database restored into another, and the rows of both."""

    dump: Path
    dumped: float  # seconds
    restored_in: float  # seconds
    source: dict[str, int]  # rows of each table
    copy: dict[str, int]

    @property
    def differ(self) -> list[str]:
        """The tables whose row counts are not equal."""
        return sorted(
            table for table in self.source.keys() | self.copy.keys() if self.source.get(table) != self.copy.get(table)
        )

    def figures(self) -> str:
        differ = self.differ
        return (
            f"dump {self.dump.stat().st_size / 2**20:.1f} MiB in {self.dumped:.1f} s, "
            f"restored in {self.restored_in:.1f} s; {len(self.source)} tables, {sum(self.source.values()):,} rows, "
            f"{'all counts equal' if not differ else 'differ: ' + ', '.join(differ[:5])}"
        )


def check_restore(shape: Shape) -> Result:
    """pg_dump of the rehearsal database, pg_restore into a fresh one, the same
    rows in every table, and a gunicorn on the copy serving a signed-in page."""
    shape.built_site()  # a check of the built site only
    for service in [*shape.beats, *shape.workers]:  # nothing writes while the rows are counted
        shape.processes.stop(service)
    shape.beats, shape.workers = [], []
    copy = _dump_and_restore(shape.workdir / "labsite.dump")
    page = _served(shape)
    ok = not copy.differ and signed_in_page(page) and len(copy.source) > 0
    return Result(LABEL, ok, f"{copy.figures()}; gunicorn on the copy: signed-in page {page.status}")


def _dump_and_restore(dump: Path) -> Copy:
    began = time.monotonic()
    run_tool(["pg_dump", "--format=custom", "--file", str(dump), "--dbname", database_url(DATABASE)])
    dumped = time.monotonic() - began
    source = row_counts(DATABASE)
    recreate_database(RESTORED)
    began = time.monotonic()
    run_tool(["pg_restore", "--exit-on-error", "--no-owner", "--dbname", database_url(RESTORED), str(dump)])
    restored_in = time.monotonic() - began
    return Copy(dump, dumped, restored_in, source, row_counts(RESTORED))


def _served(shape: Shape) -> Response:
    """A signed-in page from a gunicorn on the restored copy (stopped afterwards)."""
    site = shape.built_site()
    port = free_port()
    web = shape.start_web("web-restored", port, database=RESTORED)
    # The sign-in page, not /readyz: no worker or beat runs beside the copy, so it is rightly not "ready".
    shape.wait_ready(web, port, path="/accounts/login/")
    client = Client(site, port)
    client.sign_in("director")
    page = client.request("GET", "/projects/")
    shape.processes.stop(web)
    return page
