"""DCI registry search (docs/API.md DCI): verify the signature, refuse a replayed message_id,
answer each search by NIK with the minimum, audit who was looked up, and sign the answer.

Sync: the answer is the HTTP response. Async: the request is acknowledged and the same answer is
POSTed, signed, to the sender's `sender_uri` + `/on-search` (only under the callback prefix
configured for that sender)."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from registry.audit import record_access
from registry.dci.models import DciMessage
from registry.domain.dci import RECORD_TYPE, REG_TYPE, Enrolment, Item, read_item, record
from registry.protection import Vault
from registry.settings import RegistrySettings
from shared.auth import Client
from shared.dci import envelope as dci
from shared.dci.signature import KeyRing, SignatureRefused, load_private_key, sign

AUDITED_FIELDS = ["enrolled", "programme", "regency_code", "since"]
MAX_ITEMS = 100
ENROLMENTS = text("""
    SELECT p.id, p.regency_code, min(m.start_date), array_agg(DISTINCT m.programme),
           (SELECT d.scheme FROM aid_decree_changes c JOIN aid_decrees d ON d.decree_id = c.decree_id
             WHERE c.participant_id = p.id AND c.change = 'added' ORDER BY d.decree_date DESC LIMIT 1)
    FROM participants p JOIN memberships m ON m.participant_id = p.id
    WHERE p.nik_index = :idx AND (:all_regencies OR p.regency_code = ANY(:regencies))
      AND m.funding = 'aid' AND m.end_date IS NULL
      AND NOT EXISTS (SELECT 1 FROM memberships n WHERE n.membership_id = m.membership_id AND n.version > m.version)
    GROUP BY p.id, p.regency_code
""")


class DciRefusal(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass
class DciConfig:
    sender_id: str
    kid: str
    private_key: object | None
    keyring: KeyRing
    callbacks: dict[str, str] = field(default_factory=dict)
    skew: int = 60

    @classmethod
    def from_settings(cls, s: RegistrySettings) -> DciConfig:
        senders = json.loads(s.dci_senders) if s.dci_senders.strip() else {}
        return cls(s.dci_sender_id, s.dci_key_id, load_private_key(s.dci_private_key) if s.dci_private_key else None,
                   KeyRing.from_json(s.dci_senders), {k: v.get("callback_prefix", "") for k, v in senders.items()},
                   s.dci_max_clock_skew_seconds)

    def sign(self, body: bytes) -> str | None:
        return sign(self.private_key, sender_id=self.sender_id, kid=self.kid, body=body) if self.private_key else None


def accept(config: DciConfig, raw: bytes, signature: str | None, action: str = "search") -> dci.SearchEnvelope:
    """Signature first (nothing unsigned is parsed further), then the envelope."""
    try:
        verified = config.keyring.verify(signature, raw, skew=config.skew)
    except SignatureRefused as refused:
        raise DciRefusal(401, refused.code, refused.message) from None
    try:
        envelope = dci.SearchEnvelope.model_validate_json(raw)
    except ValidationError as error:
        listed = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()[:10])
        raise DciRefusal(400, dci.REQUEST_BAD, f"invalid message / pesan tidak valid: {listed}") from None
    header = envelope.header
    if header.is_msg_encrypted:
        raise DciRefusal(400, dci.ENCRYPTION_INVALID, "encrypted messages are not supported; TLS protects transport")
    if header.sender_id != verified.sender_id:
        raise DciRefusal(401, dci.SENDER_ID_INVALID, "sender_id differs from the signing key's sender")
    if header.receiver_id and header.receiver_id != config.sender_id:
        raise DciRefusal(400, dci.RECEIVER_ID_INVALID, f"this registry is {config.sender_id}")
    if header.action != action:
        raise DciRefusal(400, dci.ACTION_INVALID, f"action must be {action}")
    if header.total_count != len(envelope.message.search_request):
        raise DciRefusal(400, dci.TOTAL_COUNT_INVALID, "total_count differs from the number of search_request")
    if header.total_count > MAX_ITEMS:
        raise DciRefusal(400, dci.TOTAL_COUNT_LIMIT, f"at most {MAX_ITEMS} searches per message")
    return envelope


async def _claim(session: AsyncSession, envelope: dci.SearchEnvelope, items: list[Item]) -> None:
    """The ledger row: a message_id the sender already used is refused (replay or duplicate)."""
    purposes = sorted({i.purpose for i in items if i.purpose})
    consents = sorted({i.consent for i in items if i.consent})
    claimed = await session.execute(insert(DciMessage).values(
        sender_id=envelope.header.sender_id, message_id=envelope.header.message_id,
        transaction_id=envelope.message.transaction_id, action=envelope.header.action,
        purpose="; ".join(purposes)[:1000] or None, consent="; ".join(consents)[:1000] or None,
    ).on_conflict_do_nothing().returning(DciMessage.message_id))
    if claimed.first() is None:
        raise DciRefusal(409, dci.MESSAGE_ID_DUPLICATE, "message_id already received / message_id sudah diterima")


async def _lookup(session: AsyncSession, vault: Vault, client: Client, nik: str) -> tuple[list, list[Enrolment]]:
    rows = (await session.execute(ENROLMENTS, {"idx": vault.nik_index(nik), "all_regencies": client.all_regencies,
                                               "regencies": sorted(client.regencies)})).all()
    return [r[0] for r in rows], [Enrolment(r[1], r[2], tuple(r[3]), r[4]) for r in rows]


def _response_item(item: Item, enrolments: list[Enrolment] | None) -> dict:
    answer = {"reference_id": item.reference_id, "timestamp": dci.now_ts(), "locale": "eng"}
    if item.refusal:
        return {**answer, "status": "rjct", "status_reason_code": dci.SEARCH_CRITERIA_INVALID,
                "status_reason_message": item.refusal}
    data = {"version": dci.VERSION, "reg_type": REG_TYPE, "reg_record_type": RECORD_TYPE,
            "reg_records": [record(enrolments or [])]}
    return {**answer, "status": "succ", "data": data,
            "pagination": {"page_size": 1, "page_number": 1, "total_count": 1}}


def read_items(envelope: dci.SearchEnvelope) -> list[Item]:
    items = [read_item(r) for r in envelope.message.search_request]
    if len({i.reference_id for i in items}) != len(items):
        raise DciRefusal(400, dci.REFERENCE_ID_DUPLICATE, "reference_id repeated in one message")
    return items


async def claim(sessions: async_sessionmaker, envelope: dci.SearchEnvelope) -> None:
    """The async form claims the message before acknowledging it."""
    async with sessions() as session, session.begin():
        await _claim(session, envelope, read_items(envelope))


async def search(sessions: async_sessionmaker, vault: Vault, client: Client, config: DciConfig,
                 envelope: dci.SearchEnvelope, *, claimed: bool = False) -> dict:
    """Claim the message, answer every item, audit each person looked up: one transaction."""
    items = read_items(envelope)
    answers = []
    async with sessions() as session, session.begin():
        if not claimed:
            await _claim(session, envelope, items)
        for item in items:
            found: tuple[list, list[Enrolment]] = ([], [])
            if item.nik is not None:
                found = await _lookup(session, vault, client, item.nik)
                await record_access(session, client, found[0], purpose=f"dci:{envelope.header.sender_id}:"
                                    f"{item.purpose}", fields=AUDITED_FIELDS, request_id=envelope.header.message_id)
            answers.append(_response_item(item, found[1]))
    done = sum(a["status"] == "succ" for a in answers)
    return {"header": dci.answer_header(envelope.header, sender_id=config.sender_id, action="on-search",
                                        status="succ" if done else "rjct", total=len(answers), completed=done),
            "message": {"transaction_id": envelope.message.transaction_id, "correlation_id": str(uuid.uuid4()),
                        "search_response": answers}}


def signed(config: DciConfig, body: dict) -> tuple[bytes, dict]:
    """The answer with its signature in the body (`signature`) and in the `Signature` header."""
    unsigned = json.dumps(body, separators=(",", ":")).encode()
    signature = config.sign(unsigned)
    raw = json.dumps({"signature": signature or "", **body}, separators=(",", ":")).encode()
    return raw, ({"Signature": config.sign(raw)} if signature else {})
