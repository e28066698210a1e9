"""The aid-recipient list of a decree for BPJS (Lamandau Pasal 27(1): full name, NIK, full
address with coordinates, birth place and date, mother's maiden name). Only clients with the
BPJS exchange scope get the list, and its personal fields only with `pii:read` too (docs/API.md
§7); personal data leaves the registry here, so every person disclosed gets an audit row
(Pasal 27(3))."""
from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from registry import profiles
from registry.audit import record_access
from registry.domain.participants import recipient_list_missing_fields
from registry.domain.registry_profile import ExportField
from registry.participants.models import Participant
from registry.participants.service import sealed_view, unsealed
from registry.protection import Vault
from registry.recipients.models import ADDED, REMOVED, AidDecree, AidDecreeChange
from shared import csvsafe
from shared.auth import Client
from shared.events.contribution_aid import DecreeIssued
from shared.problems import NotFound

# Regencies whose regulation names no list fields send BPJS the same identification fields.
DEFAULT_FIELDS = tuple(ExportField(f, label, None) for f, label in (
    ("full_name", "nama lengkap"), ("nik", "NIK"), ("address", "alamat lengkap"), ("latitude", "lintang"),
    ("longitude", "bujur"), ("birth_place", "tempat lahir"), ("birth_date", "tanggal lahir"),
    ("mother_maiden_name", "nama ibu kandung")))
# The list a decree fixes: for each person the latest change among the decrees of the same
# regency and scheme up to this one (by decree date, then arrival), kept when it is an addition.
_RECIPIENTS = text("""
    WITH target AS (SELECT regency_code, scheme, decree_date, received_seq FROM aid_decrees WHERE decree_id = :id),
    chain AS (SELECT d.decree_id, d.decree_date, d.received_seq FROM aid_decrees d JOIN target t
              ON d.regency_code = t.regency_code AND d.scheme = t.scheme
              AND (d.decree_date, d.received_seq) <= (t.decree_date, t.received_seq)),
    latest AS (SELECT DISTINCT ON (c.participant_id) c.participant_id, c.change, c.decree_id
               FROM aid_decree_changes c JOIN chain USING (decree_id)
               ORDER BY c.participant_id, chain.decree_date DESC, chain.received_seq DESC)
    SELECT participant_id, decree_id = :id AS added_by_this FROM latest WHERE change = 'added'""")


async def record_decree(session: AsyncSession, decree: DecreeIssued, *, regency_code: str) -> None:
    """Idempotent: a decree and its changes are stored once, whatever the delivery order."""
    await session.execute(insert(AidDecree).values(
        decree_id=decree.decree_id, regency_code=regency_code, decree_number=decree.decree_number,
        decree_date=decree.decree_date, scheme=decree.scheme, recipients=decree.recipients,
    ).on_conflict_do_nothing())
    changes = [{"decree_id": decree.decree_id, "participant_id": p, "change": ADDED} for p in decree.added]
    changes += [{"decree_id": decree.decree_id, "participant_id": p, "change": REMOVED} for p in decree.removed]
    if changes:
        await session.execute(insert(AidDecreeChange).values(changes).on_conflict_do_nothing())


@dataclass
class RecipientList:
    decree: AidDecree
    fields: tuple[ExportField, ...]
    rows: list[dict]
    unknown_participants: int

    @property
    def complete(self) -> bool:
        """False while an earlier decree of the scheme has not arrived (the fold is short)."""
        return len(self.rows) + self.unknown_participants == self.decree.recipients


async def recipient_list(sessions: async_sessionmaker, vault: Vault, client: Client, decree_id: uuid.UUID, *,
                         request_id: str | None) -> RecipientList:
    async with sessions() as session, session.begin():
        decree = await session.get(AidDecree, decree_id)
        if decree is None or not client.may_act_for(decree.regency_code):
            raise NotFound(f"Decree {decree_id} not found")
        added_here = {r.participant_id: r.added_by_this for r in await session.execute(_RECIPIENTS, {"id": decree_id})}
        people = (await session.execute(select(Participant).where(
            Participant.id.in_(added_here), Participant.regency_code == decree.regency_code,
        ).order_by(Participant.full_name, Participant.id))).scalars().all() if added_here else []
        registry = profiles.registry_profile(decree.regency_code)
        fields = registry.recipient_list_fields or DEFAULT_FIELDS
        reveal = client.has("pii:read")
        rows = [_row(vault, p, fields, registry, added_here[p.id], reveal) for p in people]
        if reveal:
            await record_access(session, client, [p.id for p in people], fields=[f.field for f in fields],
                                purpose=f"daftar penerima bantuan iuran untuk BPJS, Keputusan {decree.decree_number}",
                                request_id=request_id, regency_code=decree.regency_code)
    return RecipientList(decree, fields, rows, len(added_here) - len(people))


def _row(vault: Vault, p: Participant, fields, registry, added_here: bool, reveal: bool) -> dict:
    """Personal fields in clear only for a client with `pii:read` (BPJS's exchange client has it);
    others get the masked NIK and no personal fields, like every other registry response."""
    values = {"full_name": p.full_name, "birth_place": p.birth_place,
              **(unsealed(vault, p) if reveal else sealed_view(p))}
    row = {"participant_id": str(p.id), "change": "added" if added_here else "continued"}
    row.update({f.field: values.get(f.field) for f in fields})
    if "birth_date" in row:  # without pii:read the date is withheld (masking rule), the year is given
        row["birth_year"] = values["birth_year"]
    known = {**row, "birth_date": values["birth_date"] or values["birth_year"]}  # withheld is not missing
    row["missing_fields"] = [name for name, _ in recipient_list_missing_fields(known, registry)]
    return row


def as_json(result: RecipientList) -> dict:
    d = result.decree
    return {"decree_id": str(d.decree_id), "decree_number": d.decree_number, "decree_date": d.decree_date.isoformat(),
            "regency_code": d.regency_code, "scheme": d.scheme, "expected_recipients": d.recipients,
            "complete": result.complete, "unknown_participants": result.unknown_participants,
            "fields": [{"field": f.field, "label": f.label, "citation": str(f.citation) if f.citation else None}
                       for f in result.fields],
            "count": len(result.rows), "items": result.rows}


def as_csv(result: RecipientList) -> str:
    out = io.StringIO()
    writer = csvsafe.writer(out)
    names = [f.field for f in result.fields]
    year = ["birth_year"] if "birth_date" in names else []
    writer.writerow(["participant_id", "change", *names, *year, "missing_fields"])
    for row in result.rows:
        writer.writerow([row["participant_id"], row["change"],
                         *("" if row[n] is None else row[n] for n in [*names, *year]), ";".join(row["missing_fields"])])
    return out.getvalue()
