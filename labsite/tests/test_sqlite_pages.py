"""`make run` serves the demo from a SQLite file: every detail page, its "who can
see this" page and the access review answer there as on PostgreSQL (no 500),
for every demo persona (labsite/tests/sqlite_pages.py, in a process of its own)."""

import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def test_the_demo_pages_answer_on_sqlite(tmp_path):
    result = subprocess.run(
        [sys.executable, "labsite/tests/sqlite_pages.py", str(tmp_path / "demo.sqlite3")],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout == ""
