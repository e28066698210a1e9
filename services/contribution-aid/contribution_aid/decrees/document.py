"""The decree as an official document: the Keputusan Bupati (menimbang, mengingat, memutuskan,
menetapkan) with its recipient list as lampiran, in PDF and (the lampiran) XLSX, issued once
through the aid service's document register under the decree's own number. The lampiran names
recipients by participant id, category and village: the aid service holds no names or NIKs (the
registry does).

Signing follows the two-person approval: a decree a person proposes exists only as a proposal
until it is approved, so it has no register entry; its draft is served as a KONSEP (no number,
no signer's name, no signature, no verification code) from the proposal's preview."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from contribution_aid.decrees.models import DecreeRow
from contribution_aid.documents.models import DocumentRecord
from contribution_aid.participants.models import AidParticipant
from shared.approvals import flow
from shared.auth import Client
from shared.documents import Rendered, Signer, Stamp, documents_profile, issue_once, stored_content
from shared.documents.indonesian import tanggal
from shared.documents.keputusan import (
    DRAFT_DATE,
    DRAFT_NUMBER,
    Keputusan,
    Lampiran,
    keputusan_pdf,
    lampiran_xlsx,
)
from shared.documents.layout import Signature, verification_line
from shared.problems import Conflict, NotFound
from shared.regulation import profiles

MEDIA = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


async def decree_document(sessions: async_sessionmaker, client: Client, decree_id: uuid.UUID,
                          fmt: str) -> tuple[str, str, bytes]:
    """(file name, media type, bytes) from the register; issued on the first request."""
    async with sessions() as session, session.begin():
        row = await session.get(DecreeRow, decree_id)
        if row is None:
            raise NotFound(f"Decree {decree_id} not found")
        client.require_regency(row.regency_code)
        known = await _known(session, row.recipients)

        def render(stamp: Stamp) -> Rendered:
            doc = compose(row, stamp, known)
            body = keputusan_pdf(doc) if fmt == "pdf" else lampiran_xlsx(doc)
            return Rendered(body, MEDIA[fmt], f"keputusan-{row.regency_code}-{row.number.replace('/', '-')}.{fmt}")

        record = await issue_once(session, DocumentRecord, regency_code=row.regency_code, kind="aid_decree",
                                  subject=f"decree:{row.id}", media_type=MEDIA[fmt], day=row.decree_date,
                                  render=render, number=row.number)
        return record.file_name, record.media_type, await stored_content(session, DocumentRecord, record)


async def decree_draft(sessions: async_sessionmaker, client: Client, approval_id: uuid.UUID) -> tuple[str, bytes]:
    """(file name, PDF) of a decree proposal still waiting for approval: a KONSEP, never registered.
    Only the proposal's maker and its approvers see it (as the proposal itself)."""
    proposal = await flow.get(sessions, client, approval_id)
    if proposal["act"] != "decree.issue":
        raise NotFound(f"Approval {approval_id} is not a decree proposal")
    if proposal["state"] != "pending":
        executed = (proposal.get("result") or {}).get("id")
        raise Conflict(f"Usulan ini sudah {proposal['state']}; konsep tidak diberikan lagi"
                       f"{f' (keputusan: /v1/decrees/{executed}/document.pdf)' if executed else ''}.",
                       slug="approval-not-pending", title="Approval no longer pending")
    preview = proposal["preview"]
    row = DecreeRow(regency_code=preview["regency_code"], scheme=preview["scheme"], number=preview["number"],
                    decree_date=dt.date.fromisoformat(preview["decree_date"]), recipients=preview["recipients"],
                    additions=preview["additions"], reductions=preview["reductions"],
                    previous_number=preview["previous_number"], citations=preview["citations"])
    async with sessions() as session:
        known = await _known(session, row.recipients)
    doc = compose(row, _draft_stamp(row), known, draft_of=str(approval_id))
    return f"konsep-keputusan-{row.regency_code}-{approval_id}.pdf", keputusan_pdf(doc)


def _draft_stamp(row: DecreeRow) -> Stamp:
    """The office and jabatan that will issue it; no number, name or verification code."""
    profile = documents_profile(row.regency_code)
    spec = profile.kind("aid_decree")
    office = profile.offices[spec.office]
    position = profile.signer_on(spec.signer, row.decree_date).position
    return Stamp("", row.decree_date, spec.title, office, Signer(name="", position=position,
                                                                  **{"from": row.decree_date}), "", office.place)


async def _known(session, recipients: list[str]) -> dict[str, tuple]:
    """participant id -> (category, village code) as the aid service's intake recorded them."""
    ids = [uuid.UUID(p) for p in recipients]
    rows = (await session.execute(select(AidParticipant.participant_id, AidParticipant.category,
                                         AidParticipant.village_code)
                                  .where(AidParticipant.participant_id.in_(ids)))).all()
    return {str(pid): (category, village) for pid, category, village in rows}


def compose(row: DecreeRow, stamp: Stamp, known: dict[str, tuple], draft_of: str | None = None) -> Keputusan:
    regency = profiles().part(row.regency_code, "regency")
    name, regulation = regency["name"], regency["regulation"]
    issuer = f"BUPATI {name.upper()}"
    about = f"Penetapan Penerima Bantuan Iuran Jaminan Sosial Ketenagakerjaan Kabupaten {name}"
    previous = (f"Keputusan Bupati {name} Nomor {row.previous_number} dinyatakan tidak berlaku lagi."
                if row.previous_number else "Keputusan ini merupakan penetapan pertama untuk skema ini.")
    lampiran = Lampiran(
        title=f"Daftar Penerima Bantuan Iuran ({len(row.recipients)} orang)",
        columns=("No.", "ID Peserta", "Kategori", "Kode Desa/Kelurahan"),
        rows=tuple((i, p, (known.get(p) or (None, None))[0] or "-", (known.get(p) or (None, None))[1] or "-")
                   for i, p in enumerate(row.recipients, start=1)),
        widths=(12, 80, 45, 28))
    return Keputusan(
        issuer=issuer, number=DRAFT_NUMBER if draft_of else row.number, about=about,
        considering=(f"bahwa untuk melaksanakan {regulation['title']}, perlu menetapkan penerima bantuan iuran "
                     f"Jaminan Sosial Ketenagakerjaan yang telah diverifikasi;",
                     f"bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan "
                     f"Keputusan Bupati tentang {about};"),
        recalling=("Undang-Undang Nomor 24 Tahun 2011 tentang Badan Penyelenggara Jaminan Sosial;",
                   f"{' '.join(regulation['full_title'].split())};", *(f"{c};" for c in row.citations)),
        establishing=f"Keputusan Bupati tentang {about}.",
        dictums=(f"Menetapkan penerima bantuan iuran sebagaimana tercantum dalam Lampiran yang merupakan bagian "
                 f"tidak terpisahkan dari Keputusan ini, sebanyak {len(row.recipients)} orang.",
                 f"Penambahan {len(row.additions)} orang dan pengurangan {len(row.reductions)} orang dibanding "
                 f"daftar sebelumnya. {previous}",
                 "Keputusan ini mulai berlaku pada tanggal ditetapkan."),
        place_and_date=f"Ditetapkan di {stamp.place} pada tanggal "
                       f"{DRAFT_DATE if draft_of else tanggal(stamp.issued_on)}",
        signer=Signature(stamp.signer.position.upper(), stamp.signer.name, stamp.signer.nip, stamp.signer.rank),
        copies=("Kepala Dinas Tenaga Kerja", "Kepala Badan Pengelolaan Keuangan dan Aset Daerah",
                "Kepala Kantor Cabang BPJS Ketenagakerjaan"),
        lampiran=lampiran,
        footer=(f"KONSEP usulan {draft_of} - menunggu persetujuan, belum bernomor dan belum ditandatangani"
                if draft_of else verification_line(row.number, stamp.verification_code, "/v1/documents/verify")),
        draft=draft_of is not None)
