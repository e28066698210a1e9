"""Every service's SQLAlchemy models and its Alembic migrations describe the same schema
(issue 10 item 13): Alembic's autogenerate comparison against the migrated database finds
nothing to add, drop or change."""
from __future__ import annotations

import importlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from shared.audit import metadata as audit_metadata
from shared.devstack.services import SERVICES
from shared.messaging import metadata as messaging_metadata
from shared.redrive import metadata as redrive_metadata


def _differences(url: str, metadata) -> list:
    sync_url = make_url(url).set(drivername="postgresql+psycopg")
    engine = create_engine(sync_url)
    try:
        with engine.connect() as conn:
            every = [metadata, messaging_metadata, redrive_metadata, audit_metadata]
            context = MigrationContext.configure(conn, opts={"compare_type": True, "target_metadata": every})
            return compare_metadata(context, every)
    finally:
        engine.dispose()


@pytest.mark.parametrize("service", [s.name for s in SERVICES])
def test_models_and_migrations_agree(infra, service):
    package = next(s.package for s in SERVICES if s.name == service)
    metadata = importlib.import_module(f"{package}.models").metadata
    assert _differences(infra.db_url(service), metadata) == []
