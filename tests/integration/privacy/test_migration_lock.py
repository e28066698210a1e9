"""Migrations run under a PostgreSQL advisory lock (issue 10 item 13): replicas starting at once
never race on the same database."""
from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import psycopg
from sqlalchemy.engine import make_url

from registry.main import SPEC
from shared.db import MIGRATION_LOCK, libpq_url, migrate


def _fresh_url(infra) -> str:
    return make_url(infra.db_url("registry")).set(database=f"lock_{uuid.uuid4().hex[:10]}").render_as_string(
        hide_password=False)


def test_a_held_lock_makes_migrate_wait(infra):
    url = _fresh_url(infra)
    name = make_url(url).database
    done = threading.Event()
    with psycopg.connect(libpq_url(url, "postgres"), autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))", (MIGRATION_LOCK + name,))
        worker = threading.Thread(target=lambda: (migrate(SPEC.migrations_dir, url), done.set()))
        worker.start()
        assert not done.wait(2.0), "migrate ran while another process held the migration lock"
        holder.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", (MIGRATION_LOCK + name,))
    worker.join(120)
    assert done.is_set()


def test_replicas_migrating_at_once_all_succeed(infra):
    url = _fresh_url(infra)
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: migrate(SPEC.migrations_dir, url), range(4)))
    with psycopg.connect(libpq_url(url)) as conn:
        assert len(conn.execute("SELECT version_num FROM alembic_version").fetchall()) == 1
