"""Palm-oil programme handlers (Sambas Pasal 25-26): the RKP DBH Sawit proposal, its adjustments,
and moving a shortfall to APBD with a recorded decision. Every change is kept as a row."""
from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from contribution_aid import rules
from contribution_aid.budgets import service as budgets
from contribution_aid.domain.decrees import rank_candidates
from contribution_aid.domain.palm_oil import (
    RkpProposal,
    ShortfallDecision,
    adjust_rkp,
    move_shortfall_to_apbd,
    propose_rkp,
)
from contribution_aid.domain.policy import AidPolicy
from contribution_aid.palm_oil.models import RkpChangeRow, RkpRow
from contribution_aid.palm_oil.schemas import AdjustmentIn, RkpIn, ShortfallIn
from contribution_aid.participants import service as participants
from contribution_aid.participants.service import DECEASED
from contribution_aid.refusals import refusal_problem
from shared.auth import Client
from shared.problems import Conflict, InvalidInput, NotFound, Problem


class RkpExists(Conflict):
    slug, title = "rkp-exists", "RKP already proposed for that year"


def _programme(policy: AidPolicy) -> dict:
    programme = policy.section("palm_oil")
    if not programme:
        raise Problem(f"Regency {policy.regency_code} runs no DBH Sawit palm-oil programme", status=422,
                      slug="no-palm-oil-programme", title="No palm-oil programme")
    return programme


async def propose(sessions: async_sessionmaker, client: Client, body: RkpIn) -> dict:
    client.require_regency(body.regency_code)
    policy = rules.policy_for(body.regency_code)
    scheme = _programme(policy)["scheme"]
    monthly = rules.monthly_contribution(policy, rules.today())
    async with sessions() as session, session.begin():
        candidates = rank_candidates(await participants.approved_in_order(session, body.regency_code, scheme),
                                     await participants.stopped_participants(session, body.regency_code),
                                     [str(p) for p in body.ranking] if body.ranking is not None else None)
        proposal = propose_rkp(candidates.ranked, body.ceiling, monthly.amount, body.duration_months,
                               body.fiscal_year, policy)
        row = RkpRow(id=uuid.uuid4(), regency_code=body.regency_code, version=1, created_by=client.name,
                     **_columns(proposal))
        session.add(row)
        try:
            await session.flush()
        except IntegrityError:
            raise RkpExists(f"An RKP for {body.fiscal_year} exists; adjust it instead") from None
        return present(row)


async def adjust(sessions: async_sessionmaker, client: Client, rkp_id: uuid.UUID, body: AdjustmentIn) -> dict:
    async with sessions() as session, session.begin():
        row = await _load(session, client, rkp_id)
        policy = rules.policy_for(row.regency_code)
        dead = [p for p, status in (await participants.statuses(session, row.recipients + row.waiting)).items()
                if status == DECEASED]
        result = adjust_rkp(_domain(row), policy, deceased=dead, realised_ceiling=body.realised_ceiling)
        _apply(row, result.proposal)
        session.add(RkpChangeRow(
            id=uuid.uuid4(), proposal_id=row.id, version=row.version, kind="adjustment",
            realised_ceiling=body.realised_ceiling, added=list(result.added), citations=list(result.citations),
            removed=[{"participant_id": r.participant_id, "reason": r.reason, "citation": r.citation}
                     for r in result.removed], created_by=client.name))
        return present(row) | {"removed": [{"participant_id": r.participant_id, "reason": r.reason}
                                           for r in result.removed], "added": list(result.added)}


async def move_shortfall(sessions: async_sessionmaker, client: Client, rkp_id: uuid.UUID, body: ShortfallIn) -> dict:
    async with sessions() as session, session.begin():
        row = await _load(session, client, rkp_id)
        policy = rules.policy_for(row.regency_code)
        if body.apbd_budget_id is not None:
            await _check_apbd_budget(session, client, row, body.apbd_budget_id)
        decision = ShortfallDecision(body.decision_reference, body.decided_on,
                                     str(body.apbd_budget_id) if body.apbd_budget_id else None)
        outcome = move_shortfall_to_apbd(_domain(row), body.realised_ceiling, decision, policy)
        if not outcome.accepted:
            raise refusal_problem([outcome.refusal], {"no_shortfall": "realised_ceiling",
                                                      "decision_missing": "decision_reference"})
        move = outcome.move
        session.add(RkpChangeRow(
            id=uuid.uuid4(), proposal_id=row.id, version=row.version, kind="shortfall",
            realised_ceiling=body.realised_ceiling, removed=[], added=[], amount=move.amount,
            decision_reference=body.decision_reference, decided_on=body.decided_on,
            apbd_budget_id=body.apbd_budget_id, citations=list(move.citations), created_by=client.name))
        return {"rkp_id": str(row.id), "from_source": move.from_source, "to_source": move.to_source,
                "amount": move.amount, "recipients": list(move.recipients),
                "decision": {"reference": body.decision_reference, "decided_on": body.decided_on.isoformat(),
                             "apbd_budget_id": decision.apbd_budget_id}, "citations": list(move.citations)}


async def _check_apbd_budget(session: AsyncSession, client: Client, row: RkpRow, budget_id: uuid.UUID) -> None:
    budget = await budgets.load_budget(session, client, budget_id)
    if (budget.regency_code, budget.fiscal_year, budget.funding_source) != (row.regency_code, row.fiscal_year, "apbd"):
        raise InvalidInput.fields([("apbd_budget_id", "must be an APBD budget of the RKP's regency and year")])


async def get(sessions: async_sessionmaker, client: Client, rkp_id: uuid.UUID) -> dict:
    async with sessions() as session:
        row = await _load(session, client, rkp_id)
        changes = (await session.execute(select(RkpChangeRow).where(RkpChangeRow.proposal_id == row.id)
                                         .order_by(RkpChangeRow.created_at))).scalars()
        return present(row) | {"changes": [_change(c) for c in changes]}


async def _load(session: AsyncSession, client: Client, rkp_id: uuid.UUID) -> RkpRow:
    row = (await session.execute(select(RkpRow).where(RkpRow.id == rkp_id).with_for_update())).scalar_one_or_none()
    if row is None:
        raise NotFound(f"RKP {rkp_id} not found")
    client.require_regency(row.regency_code)
    return row


def _columns(proposal: RkpProposal) -> dict:
    return {"fiscal_year": proposal.fiscal_year, "ceiling": proposal.ceiling, "monthly_amount": proposal.monthly_amount,
            "duration_months": proposal.duration_months, "recipients": list(proposal.recipients),
            "waiting": list(proposal.waiting), "citations": list(proposal.citations),
            "fields": [{"code": f.code, "label": f.label, "value": f.value, "citation": f.citation}
                       for f in proposal.fields]}


def _apply(row: RkpRow, proposal: RkpProposal) -> None:
    for name, value in _columns(proposal).items():
        setattr(row, name, value)
    row.version += 1


def _domain(row: RkpRow) -> RkpProposal:
    return RkpProposal(row.fiscal_year, row.ceiling, row.monthly_amount, row.duration_months, tuple(row.recipients),
                       tuple(row.waiting), (), tuple(row.citations))


def _change(row: RkpChangeRow) -> dict:
    return {"kind": row.kind, "version": row.version, "realised_ceiling": row.realised_ceiling, "removed": row.removed,
            "added": row.added, "amount": row.amount, "decision_reference": row.decision_reference,
            "decided_on": row.decided_on.isoformat() if row.decided_on else None,
            "apbd_budget_id": str(row.apbd_budget_id) if row.apbd_budget_id else None, "citations": row.citations}


def present(row: RkpRow) -> dict:
    unit = row.monthly_amount * row.duration_months
    return {"id": str(row.id), "regency_code": row.regency_code, "fiscal_year": row.fiscal_year,
            "ceiling": row.ceiling, "monthly_amount": row.monthly_amount, "duration_months": row.duration_months,
            "recipient_count": len(row.recipients), "amount": unit * len(row.recipients),
            "recipients": row.recipients, "waiting": row.waiting, "fields": row.fields, "citations": row.citations,
            "version": row.version}
