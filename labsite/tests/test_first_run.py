"""`make run`'s refusals (bin/require-python, bin/preflight): one line saying
what is wrong and what to do, and a non-zero exit, before anything starts."""

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def run(command: list[str], **environ: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "PORT"}}
    return subprocess.run(command, cwd=BASE_DIR, env={**env, **environ}, capture_output=True, text=True, check=False)


def preflight(**environ: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "bin/preflight"], **environ)


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        yield listener.getsockname()[1]


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_free_port_and_no_database_url_pass(closed_port):
    result = preflight(PORT=str(closed_port))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_a_taken_port_is_refused_in_one_line_naming_another(taken_port):
    result = preflight(PORT=str(taken_port))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"labsite: port {taken_port} is taken (another server is listening on 127.0.0.1:{taken_port}): "
        f"stop it, or run: make run PORT={taken_port + 1}"
    ]


@pytest.mark.parametrize("port", ["eighty", "0", "70000"])
def test_a_port_that_is_not_one_is_refused(port):
    result = preflight(PORT=port)
    assert (result.returncode, result.stderr) == (1, f"labsite: PORT must be a port number, not {port!r}.\n")


def test_an_unreachable_postgresql_is_refused_in_one_line_without_its_password(closed_port):
    result = preflight(PORT=str(closed_port), DATABASE_URL=f"postgres://lab:s3cret@127.0.0.1:{closed_port}/labsite")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"labsite: PostgreSQL named by DATABASE_URL (postgres://127.0.0.1:{closed_port}/labsite)")
    assert line.endswith("start it or correct the URL, or unset DATABASE_URL to use the SQLite file.")
    assert "s3cret" not in line


def test_the_test_database_server_passes(closed_port, settings):
    database = settings.DATABASES["default"]
    url = f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/postgres"
    assert preflight(PORT=str(closed_port), DATABASE_URL=url).returncode == 0


def test_python_3_13_is_accepted():
    assert run(["bin/require-python", sys.executable]).returncode == 0


@pytest.mark.parametrize("version", ["3.12.1", "3.14.0"])
def test_another_python_is_refused_in_one_line(tmp_path, version):
    fake = tmp_path / "python3"
    major, minor, _ = version.split(".")
    fake.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = --version ]; then echo "Python {version}"; exit 0; fi\n'
        f"exit $([ {major}{minor} = 313 ] && echo 0 || echo 1)\n"
    )
    fake.chmod(0o755)
    result = run(["bin/require-python", str(fake)])
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"labsite needs Python 3.13 (found: Python {version}): install it (e.g. 'pyenv install 3.13' or your "
        "system's python3.13 package), or name it: make run PYTHON=/path/to/python3.13"
    ]


def test_a_missing_python_is_refused_in_one_line():
    result = run(["bin/require-python", "/nonexistent/python3.13"])
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert "labsite needs Python 3.13 (found: no /nonexistent/python3.13)" in result.stderr
