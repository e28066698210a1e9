"""The case acts a regency may put under two-person control (profiles/<regency>/approvals.yaml):
imposing and lifting a sanction. A person's evidence is a proposal only when it would lift."""
from __future__ import annotations

import uuid

from sanctions.cases import service
from sanctions.cases.schemas import DecisionIn, EvidenceIn
from shared.approvals.acts import Act, Acts

DECISION_RULES = {"impose": "sanction.impose", "lift": "sanction.lift"}  # rejecting a case is not controlled


class CaseDecision(DecisionIn):
    case_id: uuid.UUID


class CaseEvidence(EvidenceIn):
    case_id: uuid.UUID


async def _regency(session, payload) -> str:
    return await service.regency_of_case(session, payload.case_id)


async def _decide(session, client, payload: CaseDecision) -> dict:
    return await service.record_decision(session, client, payload.case_id,
                                         DecisionIn(**payload.model_dump(exclude={"case_id"})))


async def _prove(session, client, payload: CaseEvidence) -> dict:
    return await service.record_evidence(session, client, payload.case_id,
                                         EvidenceIn(**payload.model_dump(exclude={"case_id"})))


DECISION = Act("sanction.decision", CaseDecision, _regency, _decide,
               rule_of=lambda payload: DECISION_RULES.get(payload.decision))
EVIDENCE = Act("sanction.evidence", CaseEvidence, _regency, _prove,
               rule_of=lambda payload: "sanction.lift",
               controls=lambda preview: preview.get("state") == "lifted")
ACTS = Acts(DECISION, EVIDENCE)
