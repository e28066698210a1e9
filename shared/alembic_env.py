"""The body of every service's Alembic env.py (online mode, sync psycopg)."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool


def run(target_metadata=None) -> None:
    config = context.config
    url = config.get_main_option("sqlalchemy.url")
    engine = create_engine(url, poolclass=pool.NullPool, hide_parameters=True)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
