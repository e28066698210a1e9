"""Corrections a data subject asks for (UU 27/2022 Pasal 6) change personal data, so they are under
two-person control (shared.approvals, act `data.correct` in profiles/<regency>/approvals.yaml): a
person's correction is a proposal until another person with an approving role approves it; a system
(X-API-Key) applies it at once, as for every controlled act.

The new values never enter the proposal (the approvals table is plain JSON): they are sealed on the
data-subject request with a fresh `correction_version`; the proposal names the request, the version,
the participant and the field NAMES only. Approving applies the sealed values of that version (a
correction filed again since is a 409, never applied unseen), answers the request and audits the
fields changed (names, never values)."""
from __future__ import annotations

import datetime as dt
import json
import uuid

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from registry import profiles
from registry.audit import record_access
from registry.complaints.access import present_request
from registry.complaints.models import DataSubjectRequest
from registry.complaints.schemas import CorrectionIn
from registry.participants.models import Participant
from registry.protection import Vault
from shared import audit
from shared.approvals.acts import Act, Acts
from shared.approvals.flow import perform
from shared.auth import Client
from shared.problems import Conflict, InvalidInput, NotFound

RULE = "data.correct"
TABLE = "data_subject_requests"
SEALED = {"address", "mother_maiden_name"}  # participant columns kept sealed; the others are plain
FIELDS = ("full_name", "birth_place", "address", "mother_maiden_name")
_vault: dict[str, Vault] = {}


def bind_vault(vault: Vault) -> None:
    """The registry's vault for the act's handler (an approval executes it without the request)."""
    _vault["registry"] = vault


class CorrectionPayload(BaseModel):
    """What a proposal stores: ids and field names, no personal data."""

    request_id: uuid.UUID
    version: uuid.UUID
    participant_id: uuid.UUID
    fields: list[str]


class StaleCorrection(Conflict):
    slug, title = "correction-changed", "The correction changed since it was proposed"


async def _request(session: AsyncSession, client: Client, request_id: uuid.UUID, *,
                   for_update: bool = False) -> DataSubjectRequest:
    row = await session.get(DataSubjectRequest, request_id, with_for_update=for_update)
    if row is None or not client.may_act_for(row.regency_code):
        raise NotFound(f"Data-subject request {request_id} not found")
    if row.kind != "correction":
        raise Conflict("hanya untuk permintaan pembetulan / only for correction requests")
    if row.state != "open":
        raise Conflict("permintaan sudah dijawab / the request was already answered")
    return row


async def _subject(session: AsyncSession, r: DataSubjectRequest, participant_id: uuid.UUID) -> Participant:
    """The participant must be the data subject who asked (same NIK, same regency)."""
    p = await session.get(Participant, participant_id, with_for_update=True)
    if p is None or p.regency_code != r.regency_code or p.nik_index != r.nik_index:
        raise InvalidInput.fields([("participant_id", "bukan data milik pemohon / not the requester's record")])
    return p


async def propose(sessions: async_sessionmaker, vault: Vault, client: Client, request_id: uuid.UUID,
                  body: CorrectionIn, reason: str | None):
    """Seal the new values on the request (a new version), then take the act: applied at once by a
    system, a proposal (202) for a person where the regency controls `data.correct`."""
    values = {f: v for f in FIELDS if (v := getattr(body, f)) is not None}
    if not values:
        raise InvalidInput.fields([("body", "sebutkan data yang dibetulkan / name at least one field to correct")])
    version = uuid.uuid4()
    async with sessions() as session, session.begin():
        r = await _request(session, client, request_id, for_update=True)
        client.require_regency(r.regency_code)
        await _subject(session, r, body.participant_id)
        sealed = {"participant_id": str(body.participant_id), "values": values}
        r.correction_cipher = vault.seal(json.dumps(sealed), "correction", table=TABLE)
        r.correction_version = version
    payload = CorrectionPayload(request_id=request_id, version=version, participant_id=body.participant_id,
                                fields=sorted(values))
    return await perform(sessions, client, CORRECTION, payload, reason)


async def filed(sessions: async_sessionmaker, vault: Vault, client: Client, request_id: uuid.UUID, *,
                purpose: str, request_header: str | None) -> dict:
    """The correction as filed (what an approver checks against the documents): personal data, so
    `pii:read` only and every read audited (subject = the request)."""
    async with sessions() as session, session.begin():
        r = await session.get(DataSubjectRequest, request_id)
        if r is None or not client.may_act_for(r.regency_code) or r.correction_cipher is None:
            raise NotFound(f"No correction filed on data-subject request {request_id}")
        sealed = json.loads(vault.open(r.correction_cipher, "correction", table=TABLE))
        await record_access(session, client, [r.id], purpose=purpose, fields=sorted(sealed["values"]),
                            request_id=request_header, subject_kind="data_subject_request",
                            regency_code=r.regency_code)
        return {"request_id": str(r.id), "version": str(r.correction_version), "state": r.state, **sealed}


async def _regency(session: AsyncSession, payload: CorrectionPayload) -> str:
    r = await session.get(DataSubjectRequest, payload.request_id)
    if r is None:
        raise NotFound(f"Data-subject request {payload.request_id} not found")
    return r.regency_code


async def apply(session: AsyncSession, client: Client, payload: CorrectionPayload) -> dict:
    """The act (direct path and approved proposal alike): the sealed values of the proposed version
    onto the participant's record; the request is answered."""
    vault = _vault["registry"]
    r = await _request(session, client, payload.request_id, for_update=True)
    if r.correction_version != payload.version or r.correction_cipher is None:
        raise StaleCorrection("pembetulan diubah sejak diusulkan; usulkan lagi / the correction was filed again "
                              "since it was proposed; propose it again")
    sealed = json.loads(vault.open(r.correction_cipher, "correction", table=TABLE))
    if sealed["participant_id"] != str(payload.participant_id):
        raise StaleCorrection("pembetulan untuk peserta lain / the correction names another participant")
    person = await _subject(session, r, payload.participant_id)
    values = sealed["values"]
    for field, value in values.items():
        if field in SEALED:
            setattr(person, f"{field}_cipher", vault.seal(value, field))
        else:
            setattr(person, field, value)
    r.state, r.answered_at = "answered", dt.datetime.now(dt.UTC)
    r.resolution = {"participant_id": str(person.id), "fields": sorted(values), "applied_by": client.name}
    await audit.record(session, client, action="participant.corrected", subject_kind="participant",
                       subject_id=person.id, regency_code=person.regency_code,
                       detail={"fields": sorted(values), "data_subject_request": str(r.id)})
    return {"request": present_request(r, profiles.require_complaints(r.regency_code)),
            "participant_id": str(person.id), "corrected": sorted(values)}


CORRECTION = Act("data.correction", CorrectionPayload, _regency, apply, rule_of=lambda payload: RULE)
ACTS = Acts(CORRECTION)
