"""IBR: ask the configured peers (the province, other regencies) whether a participant is already
funded elsewhere, with signed DCI sync searches sent at once; a peer that fails or does not answer
within the timeout is "unknown" and never holds the caller up. The NIK leaves Lindung only to
configured peers, and each asking is audited."""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid
from dataclasses import dataclass

import httpx
from sqlalchemy.ext.asyncio import async_sessionmaker

from registry.audit import record_access
from registry.dci.service import DciConfig
from registry.participants.models import Participant
from registry.protection import Vault
from shared.auth import Client
from shared.dci.envelope import now_ts
from shared.dci.signature import KeyRing, SignatureRefused, public_key_of
from shared.problems import NotFound

PURPOSE = "pemeriksaan pendanaan ganda bantuan iuran / duplicate aid funding check"


@dataclass(frozen=True)
class Peer:
    name: str
    url: str
    receiver_id: str
    api_key: str
    keyring: KeyRing | None

    @classmethod
    def parse(cls, entry: dict) -> Peer:
        jwk = entry.get("jwk")
        keyring = KeyRing({entry["receiver_id"]: {jwk["kid"]: public_key_of(jwk)}}) if jwk else None
        return cls(entry["name"], entry["url"], entry["receiver_id"], entry.get("api_key", ""), keyring)


def peers_of(text: str) -> list[Peer]:
    return [Peer.parse(entry) for entry in (json.loads(text) if text.strip() else [])]


def search_message(config: DciConfig, peer: Peer, nik: str) -> dict:
    return {"signature": "", "header": {
        "version": "1.0.0", "message_id": str(uuid.uuid4()), "message_ts": now_ts(), "action": "search",
        "sender_id": config.sender_id, "receiver_id": peer.receiver_id, "total_count": 1},
        "message": {"transaction_id": str(uuid.uuid4()), "search_request": [{
            "reference_id": "ibr-1", "timestamp": now_ts(),
            "search_criteria": {"query_type": "idtype-value", "query": {"type": "UIN", "value": nik},
                                "authorize": {"purpose": PURPOSE}}}]}}


def _status(answer: dict) -> dict:
    item = answer["message"]["search_response"][0]
    if item.get("status") != "succ":
        return {"status": "unknown", "reason": item.get("status_reason_code")}
    record = item["data"]["reg_records"][0]
    if not record.get("enrolled"):
        return {"status": "not_enrolled"}
    return {"status": "enrolled", "regency_code": record.get("regency_code"), "programme": record.get("programme"),
            "since": record.get("since")}


async def ask(http: httpx.AsyncClient, config: DciConfig, peer: Peer, nik: str, timeout: float) -> dict:
    raw = json.dumps(search_message(config, peer, nik)).encode()
    headers = {"content-type": "application/json", "X-API-Key": peer.api_key, "Signature": config.sign(raw) or ""}
    try:
        response = await asyncio.wait_for(http.post(peer.url, content=raw, headers=headers), timeout)
        if response.status_code != 200:
            return {"peer": peer.name, "status": "unknown", "reason": f"HTTP {response.status_code}"}
        if peer.keyring is not None:
            peer.keyring.verify(response.headers.get("signature"), response.content)
        return {"peer": peer.name, **_status(response.json())}
    except (TimeoutError, httpx.HTTPError):
        return {"peer": peer.name, "status": "unknown", "reason": "no answer in time"}
    except SignatureRefused:
        return {"peer": peer.name, "status": "unknown", "reason": "answer signature invalid"}
    except (ValueError, KeyError, IndexError, TypeError):
        return {"peer": peer.name, "status": "unknown", "reason": "answer not understood"}


def verdict(answers: list[dict]) -> bool | None:
    """True when a peer funds the person; False only when every peer answered no; else unknown."""
    if any(a["status"] == "enrolled" for a in answers):
        return True
    return False if answers and all(a["status"] == "not_enrolled" for a in answers) else None


async def check(sessions: async_sessionmaker, vault: Vault, client: Client, config: DciConfig, peers: list[Peer],
                participant_id: uuid.UUID, *, timeout: float, request_id: str | None) -> dict:
    async with sessions() as session, session.begin():
        person = await session.get(Participant, participant_id)
        if person is None or not client.may_act_for(person.regency_code):
            raise NotFound(f"Participant {participant_id} not found")
        nik = vault.open(person.nik_cipher, "nik")
        if peers:
            await record_access(session, client, [person.id], purpose="ibr:" + ",".join(p.name for p in peers),
                                fields=["nik"], request_id=request_id)
    async with httpx.AsyncClient(timeout=timeout) as http:
        answers = list(await asyncio.gather(*(ask(http, config, p, nik, timeout) for p in peers)))
    return {"participant_id": str(participant_id), "checked_at": dt.datetime.now(dt.UTC).isoformat(),
            "funded_elsewhere": verdict(answers), "peers": answers}
