"""The tools the rehearsal needs, checked before anything starts; nginx installed if missing."""

import os
import re
import shutil
import subprocess  # nosec B404  # fixed commands, no shell
import sys
from pathlib import Path

import psycopg

from rehearsal.config import POSTGRES
from rehearsal.database import admin_connection
from rehearsal.processes import say


def preflight() -> None:
    """The tools the rehearsal needs; nginx is installed from Debian's packages if missing."""
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        install_nginx()
    for tool in ("redis-server", "openssl", "pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            sys.exit(f"rehearse: {tool} is missing (Debian: apt-get install redis-server openssl postgresql-client).")
    try:
        with admin_connection() as connection:
            server = connection.info.server_version // 10000
    except psycopg.OperationalError as error:
        sys.exit(f"rehearse: PostgreSQL is not reachable at {POSTGRES}: {error}")
    # The pg_dump on the operator's PATH, as the operator would run it:
    client = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True, check=True, timeout=10).stdout  # nosec B603 B607
    if int(re.search(r"(\d+)\.", client)[1]) < server:  # type: ignore[index]
        sys.exit(f"rehearse: pg_dump ({client.strip()}) is older than the server ({server}).")


def install_nginx() -> None:
    command = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "nginx"]
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        sys.exit("rehearse: nginx is missing; install it (Debian: sudo apt-get install nginx), then run me again.")
    say("nginx is missing: installing it from Debian's packages (apt-get install nginx)")
    # Without a policy-rc.d the package would start a system-wide nginx on port 80: forbid it for this install.
    policy = Path("/usr/sbin/policy-rc.d")
    ours = not policy.exists()
    if ours:
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
    try:
        environ = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
        # A fixed apt-get command, no shell:
        subprocess.run(command, check=True, env=environ, timeout=600, stdout=subprocess.DEVNULL)  # nosec B603
    finally:
        if ours:
            policy.unlink()
