"""Evaluate one applicant (docs/API.md §5): decide with the rules, then store the audit row and
the EligibilityDetermined event in one transaction."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select

from eligibility.context import NIK_PURPOSE, nik_index_of, profiles_of
from eligibility.evaluations.models import EvaluationRecord
from eligibility.evaluations.schemas import EvaluationIn
from eligibility.problems import rules_as_problems
from eligibility.recipients.models import Recipient
from eligibility.rules import Evaluation, evaluate
from shared.app import Runtime
from shared.auth import Client
from shared.events.eligibility import EligibilityDetermined
from shared.identifiers import mask_nik
from shared.outbox import add_event
from shared.problems import InvalidInput


async def evaluate_applicant(runtime: Runtime, client: Client, body: EvaluationIn) -> dict:
    client.require_regency(body.regency_code)
    as_of = body.as_of or dt.date.today()
    facts = body.applicant.stated()
    with rules_as_problems("applicant."):
        evaluation = evaluate(profiles_of(runtime), body.regency_code, body.scheme, as_of, facts)
    record = _audit_record(runtime, client, evaluation, facts.get("nik"), body.participant_id)
    async with runtime.sessions() as session, session.begin():
        if body.participant_id is not None:
            await _require_participant_of(session, body.participant_id, body.regency_code)
        session.add(record)
        await add_event(session, _determined(record), regency_code=body.regency_code)
    return {**evaluation.to_dict(), "evaluation_id": str(record.id), "subject_ref": record.subject_ref}


async def _require_participant_of(session, participant_id: uuid.UUID, regency_code: str) -> None:
    """The evaluation may name only a participant of its own regency. This service knows
    participants from the registry's events (the recipients mirror); one the mirror places in
    another regency is refused. One the mirror has not heard of yet (registered seconds ago) is
    accepted: the event that announces it carries the regency, and the EligibilityDetermined event
    names the regency too, so consumers match them."""
    regency = (await session.execute(select(Recipient.regency_code).where(
        Recipient.participant_id == participant_id))).scalar()
    if regency is not None and regency != regency_code:
        raise InvalidInput.fields([("participant_id", "peserta tidak terdaftar di kabupaten ini / "
                                                      "no such participant in this regency")])


def _audit_record(runtime: Runtime, client: Client, evaluation: Evaluation, nik: str | None,
                  participant_id: uuid.UUID | None) -> EvaluationRecord:
    evaluation_id = uuid.uuid4()
    nik = nik.strip() if nik else None  # valid: evaluate() refuses an invalid NIK
    nik_index = nik_index_of(runtime).digest(nik, purpose=NIK_PURPOSE) if nik else None
    return EvaluationRecord(
        id=evaluation_id, requested_by=client.name, regency_code=evaluation.regency_code,
        scheme=evaluation.scheme, as_of=evaluation.as_of, regulation_id=evaluation.regulation.id,
        profile_version=evaluation.profile_version, outcome=evaluation.outcome, programs=list(evaluation.programs),
        failed_rules=[c.rule for c in evaluation.checks if c.passed is False],
        missing_facts=list(evaluation.missing_facts), checks=[c.to_dict() for c in evaluation.checks],
        nik_index=nik_index, nik_masked=mask_nik(nik) if nik else None, participant_id=participant_id,
        subject_ref=subject_ref(participant_id, nik_index, evaluation_id),
    )


def subject_ref(participant_id: uuid.UUID | None, nik_index: str | None, evaluation_id: uuid.UUID) -> str:
    """Who the evaluation is about, without personal data: the participant, else the NIK's blind
    index, else (no NIK given) the evaluation itself."""
    if participant_id:
        return f"participant:{participant_id}"
    if nik_index:
        return f"nik:{nik_index}"
    return f"evaluation:{evaluation_id}"


def _determined(record: EvaluationRecord) -> EligibilityDetermined:
    return EligibilityDetermined(
        evaluation_id=record.id, subject_ref=record.subject_ref, participant_id=record.participant_id,
        scheme=record.scheme, as_of=record.as_of, outcome=record.outcome, programs=record.programs,
        regulation_id=record.regulation_id, profile_version=record.profile_version,
        failed_rules=record.failed_rules,
    )
