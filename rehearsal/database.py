"""The rehearsal's PostgreSQL databases: created, queried, counted and dropped."""

from typing import Any

import psycopg
from psycopg import sql

from rehearsal.config import POSTGRES


def admin_connection() -> psycopg.Connection[Any]:
    return psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=5)


def database_url(name: str) -> str:
    return f"{POSTGRES}/{name}"


def recreate_database(name: str) -> None:
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(name: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(database_url(name), autocommit=True, connect_timeout=5) as connection:
        return connection.execute(sql, params).fetchall()  # type: ignore[arg-type]


def row_counts(name: str) -> dict[str, int]:
    """The exact number of rows of every table of the database."""
    with psycopg.connect(database_url(name), autocommit=True, connect_timeout=5) as connection:
        tables = [row[0] for row in connection.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {
            table: connection.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]  # type: ignore[index]
            for table in sorted(tables)
        }
