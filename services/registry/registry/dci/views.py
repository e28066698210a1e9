"""DCI registry search endpoints (docs/API.md, DCI section): sync `/registry/sync/search`, async
`/registry/search` answered by a signed `on-search` callback."""
from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any, Literal

import httpx
from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from registry.dci import peers, service
from shared.app import Runtime, runtime_of
from shared.auth import Client, require
from shared.dci import envelope as dci
from shared.dci.signature import MISSING
from shared.openapi import neighbour, raw_body

router = APIRouter(tags=["dci"])
log = logging.getLogger(__name__)
CALLBACK_TIMEOUT = 10.0


class DciAnswer(BaseModel):
    """The standard's envelope: `signature`, `header` (status succ/rjct), `message` with
    `transaction_id`, `correlation_id` and `search_response[]`."""

    signature: str
    header: dict[str, Any]
    message: dict[str, Any]


class DciAck(BaseModel):
    message: dict[str, Any]


class DciErrors(BaseModel):
    errors: list[dict[str, str]]


def config_of(runtime: Runtime) -> service.DciConfig:
    if "dci" not in runtime.extras:
        runtime.extras["dci"] = service.DciConfig.from_settings(runtime.settings)
    return runtime.extras["dci"]


def _refused(refusal: service.DciRefusal) -> JSONResponse:
    return JSONResponse(dci.http_error(refusal.code, refusal.message), status_code=refusal.status)


# the standard's HttpErrorResponse; a 401 may also be the shared plumbing's problem (X-API-Key missing)
ERRORS = neighbour(DciErrors, {
    400: ("err.request.bad, rjct.* (pesan ditolak / message rejected)",
          dci.http_error(dci.REQUEST_BAD, "invalid message / pesan tidak valid: header.action")),
    401: ("err.signature.missing|invalid, err.sender_id.invalid (DCI), atau X-API-Key tidak ada (problem) / "
          "or missing X-API-Key (problem)", dci.http_error(MISSING, "Signature header is required")),
    409: ("rjct.message_id.duplicate", dci.http_error(dci.MESSAGE_ID_DUPLICATE, "message_id already received"))},
    problems=(401,))
# the body is read raw (the Signature covers its bytes): its schema is documented here, the header with it
SIGNATURE = {"name": "Signature", "in": "header", "required": True, "schema": {"type": "string"},
             "description": "Ed25519 HTTP signature of the body by a configured sender (keyId sender|kid)"}
SEARCH = {**raw_body(dci.SearchEnvelope), "parameters": [SIGNATURE]}


@router.post("/dci/registry/sync/search", response_model=DciAnswer, responses=ERRORS, openapi_extra=SEARCH,
             description=(
        "DCI search, answered at once: is this person (query_type `idtype-value`, type `UIN` or `NIK`) enrolled "
        "in a contribution-aid programme, where, since when? Needs X-API-Key (scope `dci:search`) and an Ed25519 "
        "`Signature` header from a configured sender. Refusals: 401 `err.signature.missing|invalid`, "
        "`err.sender_id.invalid`; 409 `rjct.message_id.duplicate`; 400 `err.request.bad`, `rjct.*`."))
async def sync_search(request: Request, client: Client = Depends(require("dci:search"))):
    runtime = runtime_of(request)
    config = config_of(runtime)
    try:
        envelope = service.accept(config, await request.body(), request.headers.get("signature"))
        body = await service.search(runtime.sessions, runtime.extras["vault"], client, config, envelope)
    except service.DciRefusal as refusal:
        return _refused(refusal)
    raw, headers = service.signed(config, body)
    return Response(raw, media_type="application/json", headers=headers)


@router.post("/dci/registry/search", response_model=DciAck, status_code=202, responses=ERRORS,
             openapi_extra=SEARCH, description=(
        "DCI search, answered later: acknowledged (`ack_status` ACK) once the signature and message_id are "
        "accepted; the answer goes, signed, to `header.sender_uri` + `/on-search` (only under the callback "
        "prefix configured for that sender). Same refusals as the sync form."))
async def async_search(request: Request, client: Client = Depends(require("dci:search"))):
    runtime = runtime_of(request)
    config = config_of(runtime)
    try:
        envelope = service.accept(config, await request.body(), request.headers.get("signature"))
        target = callback_target(config, envelope)
        await service.claim(runtime.sessions, envelope)
    except service.DciRefusal as refusal:
        return _refused(refusal)
    tasks = runtime.extras.setdefault("dci_callbacks", set())
    task = asyncio.create_task(_answer_later(runtime, client, config, envelope, target))
    tasks.add(task)
    task.add_done_callback(tasks.discard)
    return JSONResponse(dci.ack(envelope.message.transaction_id), status_code=202)


def callback_target(config: service.DciConfig, envelope: dci.SearchEnvelope) -> str:
    uri, prefix = (envelope.header.sender_uri or "").rstrip("/"), config.callbacks.get(envelope.header.sender_id)
    if not uri or not prefix or not uri.startswith(prefix):
        raise service.DciRefusal(400, dci.SENDER_URI_INVALID, "sender_uri is not the configured callback address")
    return uri + "/on-search"


async def _answer_later(runtime: Runtime, client: Client, config: service.DciConfig, envelope: dci.SearchEnvelope,
                        target: str) -> None:
    try:
        body = await service.search(runtime.sessions, runtime.extras["vault"], client, config, envelope,
                                    claimed=True)
        raw, headers = service.signed(config, body)
        async with httpx.AsyncClient(timeout=CALLBACK_TIMEOUT) as http:
            await http.post(target, content=raw, headers={**headers, "content-type": "application/json"})
    except Exception:  # a peer that is down must not take the registry with it; the sender may ask again
        log.warning("dci on-search callback failed", extra={"transaction_id": envelope.message.transaction_id})


class PeerCheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    participant_id: uuid.UUID


class PeerAnswer(BaseModel):
    peer: str
    status: Literal["enrolled", "not_enrolled", "unknown"]
    regency_code: str | None = None
    programme: str | None = None
    since: str | None = None
    reason: str | None = None


class PeerCheckOut(BaseModel):
    participant_id: str
    checked_at: str
    funded_elsewhere: bool | None
    peers: list[PeerAnswer]


@router.post("/dci/peer-checks", response_model=PeerCheckOut, description=(
        "IBR: is this participant already funded elsewhere? Asks every configured DCI peer (signed sync search by "
        "NIK, at once, each within the peer timeout); a peer that fails or is late is `unknown`. `funded_elsewhere` "
        "is true when a peer funds the person, false only when every peer said no, else null. The NIK is sent "
        "only to configured peers and the sending is audited. Scope `aid:write`."))
async def peer_check(body: PeerCheckIn, request: Request, client: Client = Depends(require("aid:write"))):
    runtime = runtime_of(request)
    settings = runtime.settings
    return await peers.check(runtime.sessions, runtime.extras["vault"], client, config_of(runtime),
                             peers.peers_of(settings.dci_peers), body.participant_id,
                             timeout=settings.dci_peer_timeout_seconds, request_id=request.headers.get("x-request-id"))
