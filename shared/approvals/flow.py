"""Propose, decide, withdraw and execute (docs/API.md §14).

A person's act that the regency's approvals.yaml controls is checked against the state now (the
act's handler runs and is rolled back), then stored as a proposal: nothing takes effect, no event.
The last approval runs exactly the stored payload through the same handler, on the state as it is
then, in the approval's transaction; the proposal row is advanced by a conditional UPDATE first,
so of two concurrent approvals one executes and the other finds the proposal decided (409)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy import Text, cast, false, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared import audit
from shared.approvals import machine
from shared.approvals.acts import Act, Acts
from shared.approvals.context import executing
from shared.approvals.policy import ActRule, policy_for
from shared.approvals.tables import approvals
from shared.auth import Client
from shared.paging import Paging, decode_cursor, keyset, page_of
from shared.problems import Conflict, Forbidden, NotFound, Problem


def actor_of(client: Client) -> machine.Actor | None:
    person = client.person
    if person is None:
        return None
    return machine.Actor(person.id, person.name, person.nip, client.name, frozenset(person.roles))


# --- proposing ------------------------------------------------------------------------------------
async def perform(sessions: async_sessionmaker, client: Client, act: Act, payload, reason: str | None = None):
    """The act, or its proposal (202) when a person takes an act their regency controls.
    Systems (X-API-Key) act at once, exactly as before."""
    actor, rule_name = actor_of(client), act.rule_of(payload)
    if actor is not None and rule_name is not None:
        regency, rule, preview = await _dry_run(sessions, act, client, payload, rule_name)
        if rule is not None and act.controls(preview):
            async with sessions() as session, session.begin():
                approval_id = await _insert(session, act, rule_name, rule, regency, actor, payload, preview, reason)
                await audit.record(session, client, action="approval.proposed", subject_kind="approval",
                                   subject_id=approval_id, regency_code=regency,
                                   detail={"act": rule_name, "reason": reason})
            return JSONResponse({"approval_id": str(approval_id), "state": machine.PENDING, "act": rule_name,
                                 "levels_required": len(rule.levels)}, status_code=202)
    async with sessions() as session, session.begin():
        return await act.execute(session, client, payload)


class _DryRun(Exception):
    def __init__(self, preview: dict):
        super().__init__("dry run")
        self.preview = preview


async def _dry_run(sessions: async_sessionmaker, act: Act, client: Client, payload,
                   rule_name: str) -> tuple[str, ActRule | None, dict | None]:
    """The regency's rule, and what the act would answer now (its refusal answers the proposer at
    once); the act's writes are rolled back with their transaction."""
    async with sessions() as session:
        try:
            async with session.begin():
                regency = await act.regency_of(session, payload)
                client.require_regency(regency)
                rule = policy_for(regency).rule_for(rule_name)
                if rule is None:
                    return regency, None, None
                raise _DryRun(jsonable_encoder(await act.execute(session, client, payload)))
        except _DryRun as dry:
            return regency, rule, dry.preview


async def _insert(session: AsyncSession, act: Act, rule_name: str, rule: ActRule, regency: str,
                  actor: machine.Actor, payload, preview: dict, reason: str | None) -> uuid.UUID:
    approval_id = uuid.uuid4()
    await session.execute(approvals.insert().values(
        id=approval_id, act=act.name, rule=rule_name, regency_code=regency, state=machine.PENDING,
        maker_id=actor.id, maker=actor.record(), reason=reason, payload=payload.model_dump(mode="json"),
        preview=preview, levels=[sorted(level.roles) for level in rule.levels],
        approver_roles=sorted(rule.all_roles), citation=rule.citation, deciders=[]))
    return approval_id


# --- deciding -------------------------------------------------------------------------------------
async def decide(sessions: async_sessionmaker, acts: Acts, client: Client, approval_id: uuid.UUID,
                 decision: machine.Decision, note: str | None) -> dict:
    actor, refused = _person(client), None
    async with sessions() as session, session.begin():
        row = await _load(session, client, approval_id)
        step = _step(lambda: machine.decide(proposal_of(row), actor, decision, note))
        row = await _advance(session, row, step)
        if step.execute:
            outcome = await _execute(session, acts[row.act], row, client, actor)
            if isinstance(outcome, Problem):  # approved, but the act refuses on today's state: say why
                refused = outcome
                row = await _set(session, row.id, state=machine.FAILED, failure=outcome.to_dict())
            else:
                row = await _set(session, row.id, result=outcome)
        await _audit(session, client, row, f"approval.{'approved' if decision == 'approve' else 'rejected'}",
                     step.decider)
    if refused is not None:
        refused.extra.update(approval_id=str(approval_id), approval_state=machine.FAILED)
        raise refused
    return present(row)


async def withdraw(sessions: async_sessionmaker, client: Client, approval_id: uuid.UUID) -> dict:
    actor = _person(client)
    async with sessions() as session, session.begin():
        row = await _load(session, client, approval_id)
        step = _step(lambda: machine.withdraw(proposal_of(row), actor))
        row = await _advance(session, row, step)
        await _audit(session, client, row, "approval.withdrawn", None)
        return present(row)


async def _audit(session: AsyncSession, client: Client, row, action: str, decider: dict | None) -> None:
    """The decider is the audit row's person; the maker is named in its detail: both persons."""
    await audit.record(session, client, action=action, subject_kind="approval", subject_id=row.id,
                       regency_code=row.regency_code, detail={
                           "act": row.rule, "state": row.state, "maker": row.maker,
                           "level": decider and decider["level"], "note": decider and decider["note"]})


async def _execute(session: AsyncSession, act: Act, row, client: Client, actor: machine.Actor) -> dict | Problem:
    """The stored payload through the act's handler; a refusal rolls back only the act (savepoint)."""
    payload = act.payload.model_validate(row.payload)
    # the act's records name both clients; its events both persons (stamped by the outbox)
    runner = dataclasses.replace(client, name=f"{row.maker['client']} + {client.name}")
    previous = audit.current_client()
    audit.bind_request(runner, None)  # the audit rows of the act's events name both clients too
    try:
        async with session.begin_nested():
            with executing(row.maker_id, actor.id):
                return jsonable_encoder(await act.execute(session, runner, payload))
    except Problem as problem:
        return problem
    finally:
        audit.bind_request(previous, None)


async def _advance(session: AsyncSession, row, step: machine.Step):
    """Conditional on the state read: a concurrent decision that came first makes this one a 409."""
    deciders = list(row.deciders) + ([step.decider] if step.decider else [])
    updated = (await session.execute(approvals.update().where(
        approvals.c.id == row.id, approvals.c.state == machine.PENDING, approvals.c.levels_done == row.levels_done)
        .values(state=step.state, levels_done=step.levels_done, deciders=deciders, decided_at=_now())
        .returning(*approvals.c))).one_or_none()
    if updated is None:
        raise Conflict("Usulan ini baru saja diputus orang lain (the proposal was decided meanwhile).",
                       slug="approval-not-pending", title="Approval no longer pending")
    return updated


async def _set(session: AsyncSession, approval_id: uuid.UUID, **values):
    return (await session.execute(approvals.update().where(approvals.c.id == approval_id).values(**values)
                                  .returning(*approvals.c))).one()


def _step(decide_fn) -> machine.Step:
    try:
        return decide_fn()
    except machine.Refusal as refusal:
        raise Problem(refusal.message, status=refusal.status, slug=refusal.code,
                      title=refusal.code.replace("-", " ").capitalize()) from None


def _person(client: Client) -> machine.Actor:
    actor = actor_of(client)
    if actor is None:
        raise Forbidden("Hanya orang (token Bearer) yang memutus usulan (persons decide proposals, not systems).")
    return actor


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- reading --------------------------------------------------------------------------------------
def proposal_of(row) -> machine.Proposal:
    return machine.Proposal(row.state, row.maker_id, tuple(frozenset(level) for level in row.levels),
                            row.levels_done, frozenset(d["id"] for d in row.deciders))


def visible_to(client: Client, row) -> bool:
    """Persons of the regency who made it or may approve it; systems with the admin scope."""
    if not client.may_act_for(row.regency_code):
        return False
    actor = actor_of(client)
    if actor is None:
        return client.has("admin")
    return row.maker_id == actor.id or machine.may_approve(proposal_of(row), actor.roles)


async def _load(session: AsyncSession, client: Client, approval_id: uuid.UUID):
    row = (await session.execute(select(approvals).where(approvals.c.id == approval_id))).one_or_none()
    if row is None or not client.may_act_for(row.regency_code):  # another regency's proposal is not named
        raise NotFound(f"Approval {approval_id} not found")
    if not visible_to(client, row):
        raise Forbidden("Usulan ini hanya untuk pengusul dan pemegang peran penyetuju "
                        "(only the maker and the approving roles see a proposal).")
    return row


async def get(sessions: async_sessionmaker, client: Client, approval_id: uuid.UUID) -> dict:
    async with sessions() as session:
        return present(await _load(session, client, approval_id))


def present(row) -> dict:
    return {"id": str(row.id), "act": row.rule, "regency_code": row.regency_code, "state": row.state,
            "maker": row.maker, "reason": row.reason, "payload": row.payload, "preview": row.preview,
            "levels": row.levels, "levels_done": row.levels_done, "deciders": row.deciders,
            "citation": row.citation, "result": row.result, "failure": row.failure,
            "created_at": row.created_at.isoformat(),
            "decided_at": row.decided_at.isoformat() if row.decided_at else None}


async def list_(sessions: async_sessionmaker, client: Client, *, regency_code: str | None, state: str | None,
                act: str | None, limit: int, cursor: str | None) -> dict:
    """docs/API.md §13: oldest first, by (created_at, id); only what the client may see one by one."""
    if regency_code is not None:
        client.require_regency(regency_code)
    stmt = select(approvals)
    for column, value in ((approvals.c.regency_code, regency_code), (approvals.c.state, state),
                          (approvals.c.rule, act)):
        if value is not None:
            stmt = stmt.where(column == value)
    page = Paging(limit=limit, after=decode_cursor(cursor) if cursor else None)
    stmt = keyset(_visible(stmt, client), (approvals.c.created_at, approvals.c.id), page)
    async with sessions() as session:
        rows = (await session.execute(stmt)).all()
    return page_of(rows, page, key=lambda row: (row.created_at, row.id), render=present)


def _visible(stmt, client: Client):
    if not client.all_regencies:
        stmt = stmt.where(approvals.c.regency_code.in_(sorted(client.regencies)))
    actor = actor_of(client)
    if actor is None:
        return stmt if client.has("admin") else stmt.where(false())
    return stmt.where(or_(approvals.c.maker_id == actor.id,
                          approvals.c.approver_roles.overlap(cast(sorted(actor.roles), ARRAY(Text)))))
