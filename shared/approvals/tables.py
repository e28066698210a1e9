"""The proposals table every service with acts under two-person control applies in its own
Alembic chain (like the outbox): the proposal and the act it executes live in one database."""
from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, MetaData, Table, Text, Uuid, func
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

metadata = MetaData()

approvals = Table(
    "approvals", metadata,
    Column("id", Uuid, primary_key=True),
    Column("act", Text, nullable=False),           # the registered act that executes the payload
    Column("rule", Text, nullable=False),          # the approvals.yaml entry that put it under control
    Column("regency_code", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("maker_id", Text, nullable=False),
    Column("maker", JSONB, nullable=False),        # {id, name, nip, client}
    Column("reason", Text),
    Column("payload", JSONB, nullable=False),      # the exact validated request, path ids included
    Column("preview", JSONB),                      # what the act answered on the state when proposed
    Column("levels", JSONB, nullable=False),       # [[roles of level 1], ...], fixed when proposed
    Column("approver_roles", ARRAY(Text), nullable=False),  # every level's roles: who may see it
    Column("citation", Text),
    Column("levels_done", Integer, nullable=False, server_default="0"),
    Column("deciders", JSONB, nullable=False, server_default="[]"),
    Column("result", JSONB),                       # the act's answer when executed
    Column("failure", JSONB),                      # the problem the act answered when it refused at approval
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("decided_at", DateTime(timezone=True)),
    Index("approvals_by_regency_state", "regency_code", "state", "created_at", "id"),
)


def create_approvals_table(bind) -> None:
    metadata.create_all(bind=bind)


def drop_approvals_table(bind) -> None:
    metadata.drop_all(bind=bind)
