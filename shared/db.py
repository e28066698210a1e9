"""Database plumbing: async engine and sessions (psycopg 3), database creation, Alembic at start,
and `insert_row`, the building block of hot writes folded into one statement."""
from __future__ import annotations

from pathlib import Path

import psycopg
from alembic import command
from alembic.config import Config
from sqlalchemy import Table, bindparam, cast, exists, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine


def make_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    # hide_parameters: a failing statement's error (and so any log line or traceback quoting it)
    # never carries the bound values, which are names, birth dates and other personal data
    return create_async_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True,
                               hide_parameters=True, connect_args={"connect_timeout": 3})


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker:
    return async_sessionmaker(engine, expire_on_commit=False)


def insert_row(table: Table, columns, *, prefix: str, gate=None):
    """INSERT of one row whose values are bind parameters named `prefix` + column (`row_params`
    gives them): a statement built once and executed with each row's values, so SQLAlchemy builds
    its cache key and compiles it once, not per request. With `gate` (a CTE of the same
    statement, e.g. the caller's own `INSERT ... RETURNING`), the row is written only when the
    gate yields a row: that is how a data-modifying CTE makes a write depend on an earlier one of
    the same statement (they share one snapshot, so only RETURNING output links them). Values are
    cast to their column types: INSERT ... SELECT does not type its parameters from the targets."""
    binds = {c: bindparam(prefix + c, type_=table.c[c].type) for c in columns}
    if gate is None:
        return insert(table).values(binds)
    row = select(*[cast(b, table.c[c].type) for c, b in binds.items()])
    return insert(table).from_select(list(binds), row.where(exists(select(1).select_from(gate))))


def row_params(values: dict, prefix: str) -> dict:
    """The parameters of an `insert_row` statement for one row's values."""
    return {prefix + column: value for column, value in values.items()}


def libpq_url(url: str, database: str | None = None) -> str:
    """The SQLAlchemy URL as a plain libpq URL (for psycopg, COPY and admin work)."""
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


def ensure_database(url: str) -> None:
    """Create the service's database on its server when it does not exist yet."""
    with psycopg.connect(libpq_url(url, "postgres"), autocommit=True) as conn:
        _create_if_missing(conn, make_url(url).database)


def _create_if_missing(conn: psycopg.Connection, name: str) -> None:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
        conn.execute(f'CREATE DATABASE "{name}"')


def migrate(migrations_dir: Path, url: str) -> None:
    """Create the database if needed and apply the service's Alembic chain up to head
    (idempotent). API and worker processes of every replica call this at start, so the work runs
    under a PostgreSQL advisory lock named after the database: one process migrates, the others
    wait and then find nothing left to do. The lock is held on the server's `postgres` database
    (the service's own may not exist yet) and released when that connection closes, also on a
    crash."""
    name = make_url(url).database
    with psycopg.connect(libpq_url(url, "postgres"), autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))", (MIGRATION_LOCK + name,))
        try:
            _create_if_missing(conn, name)
            _upgrade(migrations_dir, url)
        finally:
            conn.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", (MIGRATION_LOCK + name,))


MIGRATION_LOCK = "lindung-migrate:"


def _upgrade(migrations_dir: Path, url: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", make_url(url).render_as_string(hide_password=False))
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")
