"""Rehearse production on this machine, and check what several machines promise.

    .venv/bin/python bin/rehearse [--users 2000] [--requests 2000] [--keep-logs]

It builds the production shape on loopback, from nothing: a PostgreSQL database
of its own (``labsite_rehearse``, dropped at the end), a Redis server of its own
on a free port, two gunicorn instances with the production settings behind
nginx (TLS with a self-signed certificate, as ``deploy/nginx/labsite.conf``),
two Celery workers, one beat, and an SMTP sink in this process. Then it checks:

  a. a session made on one web instance is valid on the other;
  b. killing one web instance (SIGKILL) under load loses no request;
  c. killing one worker (SIGKILL) in the middle of the digests leaves every
     digest delivered exactly once;
  d. a second beat started by mistake sends nothing twice;
  e. a backup (pg_dump) restores into a database that serves and holds the same rows.

It prints a table of the results (recorded in docs/operations.md), stops
everything it started, even on failure or Ctrl-C, and exits non-zero if a
check failed. Loopback only; a few minutes in all.

The modules: ``cli`` (arguments and the main flow), ``config`` (constants),
``processes`` (ports, process groups, polling), ``database``, ``client`` (HTTP),
``sink`` (SMTP), ``nginx``, ``seed``, ``preflight``, ``shape`` (the production
shape: starting and stopping it), ``checks`` (one module per check) and
``report`` (the table).
"""
