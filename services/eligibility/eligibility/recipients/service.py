"""Re-verification runs (TTS Pasal 20(3): every quarter or when needed): the active aid
recipients of a regency are re-verified on a date; each reason that applies is recommended once
per participant, reason and quarter (TerminationRecommended, through the outbox, in the same
transaction as the recommendation and the run's record)."""
from __future__ import annotations

import asyncio
import datetime as dt
import uuid

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.dialects.postgresql import distinct_on, insert
from sqlalchemy.ext.asyncio import AsyncSession

from eligibility.context import profiles_of
from eligibility.evaluations.models import EvaluationRecord
from eligibility.problems import rules_as_problems
from eligibility.recipients.domain import RecipientFinding, RecipientState, quarter_of, reverify_recipient, summarise
from eligibility.recipients.models import Recipient, RecipientMembership, ReverificationRun, TerminationRecommendation
from eligibility.rules import NotConfigured, Scheme
from eligibility.rules.conditions import PASS
from shared.app import Runtime
from shared.events.eligibility import TerminationRecommended
from shared.outbox import add_event


async def reverify_regency(runtime: Runtime, requested_by: str, regency_code: str, as_of: dt.date) -> dict:
    profiles = profiles_of(runtime)
    with rules_as_problems():
        schemes = _schemes_with_rules(profiles, regency_code, as_of)
    run_id, quarter = uuid.uuid4(), quarter_of(as_of)
    async with runtime.sessions() as session, session.begin():
        states = await _active_recipients(session, regency_code, as_of)
        findings = await asyncio.to_thread(
            lambda: [reverify_recipient(profiles, regency_code, as_of, s, schemes) for s in states])
        recommendations = await _recommend(session, run_id, regency_code, as_of, quarter, findings)
        summary = {"regency_code": regency_code, "as_of": as_of.isoformat(), "quarter": quarter,
                   **summarise(findings), "recommended": len(recommendations),
                   "emitted": sum(r["new"] for r in recommendations), "recommendations": recommendations}
        session.add(ReverificationRun(id=run_id, regency_code=regency_code, as_of=as_of, quarter=quarter,
                                      requested_by=requested_by, summary=summary))
    return {"id": str(run_id), **summary}


def _schemes_with_rules(profiles, regency_code: str, as_of: dt.date) -> dict[str, Scheme]:
    regulation = profiles.regulation_on(regency_code, as_of)
    profile = profiles.get(regency_code)
    schemes = {k: s for k in profile.schemes if (s := profile.scheme_under(k, regulation)) is not None}
    if not any(s.reverification for s in schemes.values()):
        raise NotConfigured(f"Kabupaten {profile.name} tidak mengatur verifikasi ulang penerima / regency "
                            f"{regency_code} has no re-verification rules under {regulation.title}")
    return schemes


def _active(as_of: dt.date):
    return and_(or_(RecipientMembership.start_date.is_(None), RecipientMembership.start_date <= as_of),
                or_(RecipientMembership.end_date.is_(None), RecipientMembership.end_date > as_of))


async def _active_recipients(session: AsyncSession, regency_code: str, as_of: dt.date) -> list[RecipientState]:
    """Participants with an aid-funded membership active on `as_of`, as the mirror knows them."""
    aid = (select(RecipientMembership.participant_id)
           .where(RecipientMembership.regency_code == regency_code, RecipientMembership.funding == "aid",
                  _active(as_of)).distinct().subquery())
    employer_funded = exists().where(RecipientMembership.participant_id == aid.c.participant_id,
                                     RecipientMembership.funding == "employer", _active(as_of))
    rows = (await session.execute(
        select(aid.c.participant_id, Recipient.worker_type, Recipient.category, Recipient.sex, Recipient.birth_year,
               Recipient.village_code, employer_funded)
        .outerjoin(Recipient, Recipient.participant_id == aid.c.participant_id)
        .order_by(aid.c.participant_id))).all()
    linked = await _linked_schemes(session, regency_code, [r[0] for r in rows])
    return [RecipientState(*row[:6], employer_funded=bool(row[6]), linked_scheme=linked.get(row[0])) for row in rows]


async def _linked_schemes(session: AsyncSession, regency_code: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = await session.execute(
        select(EvaluationRecord.participant_id, EvaluationRecord.scheme)
        .where(EvaluationRecord.regency_code == regency_code, EvaluationRecord.outcome == "eligible",
               EvaluationRecord.participant_id.in_(ids))
        .order_by(EvaluationRecord.participant_id, EvaluationRecord.requested_at.desc())
        .ext(distinct_on(EvaluationRecord.participant_id)))
    return dict(rows.all())


async def _recommend(session: AsyncSession, run_id: uuid.UUID, regency_code: str, as_of: dt.date, quarter: str,
                     findings: list[RecipientFinding]) -> list[dict]:
    out = []
    for finding in findings:
        for reason in (f for f in finding.result.findings if f.status == PASS) if finding.result else ():
            inserted = (await session.execute(
                insert(TerminationRecommendation).values(
                    participant_id=finding.participant_id, reason=reason.reason, quarter=quarter,
                    regency_code=regency_code, scheme=finding.scheme, as_of=as_of, citation=reason.citation,
                    run_id=run_id)
                .on_conflict_do_nothing(constraint="termination_once_per_quarter")
                .returning(TerminationRecommendation.id))).first()
            if inserted:
                await add_event(session, TerminationRecommended(
                    participant_id=finding.participant_id, reason=reason.reason, as_of=as_of,
                    citation=reason.citation, scheme=finding.scheme, quarter=quarter), regency_code=regency_code)
            out.append({"participant_id": str(finding.participant_id), "scheme": finding.scheme,
                        "reason": reason.reason, "label": reason.label, "citation": reason.citation,
                        "checks": [c.to_dict() for c in reason.checks], "new": inserted is not None})
    return out
