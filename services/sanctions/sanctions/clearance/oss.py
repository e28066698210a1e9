"""`GET /v1/oss/licence-status`: the clearance answer in OSS RBA's terms (docs/API.md §16)."""
from __future__ import annotations

import datetime as dt
import json
import uuid
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from sanctions.cases.schemas import Service
from sanctions.clearance.reader import reader_of
from sanctions.clearance.service import answer, lookup
from sanctions.domain.oss_status import Signer, izin_status
from sanctions.profiles import profile_for
from shared.app import runtime_of
from shared.auth import Client, require
from shared.problems import InvalidInput, Problem

router = APIRouter(tags=["clearance"])
WIB = ZoneInfo("Asia/Jakarta")


class IzinStatus(BaseModel):
    nib: str
    id_izin: str
    kd_izin: str
    kd_status: str
    uraian_status: str
    tgl_status: str
    nip_status: str
    nama_status: str
    jabatan_status: str
    keterangan: str


class LicenceStatusOut(BaseModel):
    IZINSTATUS: IzinStatus  # noqa: N815 (OSS's field name)
    clearance: dict


def signer_for(settings, regency_code: str) -> Signer:
    signers = json.loads(settings.oss_signers) if settings.oss_signers.strip() else {}
    if regency_code not in signers:
        raise Problem(f"No signer configured for regency {regency_code} (LINDUNG_SANCTIONS_OSS_SIGNERS) / "
                      "penanda tangan belum diatur", status=503, slug="oss-signer-not-configured",
                      title="OSS signer not configured")
    return Signer.from_dict(signers[regency_code])


@router.get("/oss/licence-status", response_model=LicenceStatusOut, description=(
        "The licence clearance of docs/API.md §9 in OSS RBA's terms: `IZINSTATUS` with `kd_status` 45 "
        "(Persyaratan terverifikasi) when allowed or 93 (Penolakan Persyaratan) when a sanction in force denies the "
        "service, the reasons as `keterangan`, and the signing official (nama, NIP, jabatan) configured for the "
        "regency; `clearance` carries Lindung's own answer. `id_izin`/`kd_izin` are echoed for OSS."))
async def licence_status(request: Request, regency_code: str = Query(pattern=r"^\d{4}$"), service: Service = Query(),
                         employer_id: uuid.UUID | None = None,
                         nib: str | None = Query(default=None, min_length=1, max_length=20),
                         id_izin: str | None = Query(default=None, max_length=25),
                         kd_izin: str | None = Query(default=None, max_length=12),
                         client: Client = Depends(require("clearance:read"))):
    client.require_regency(regency_code)
    if employer_id is None and nib is None:
        raise InvalidInput.fields([("employer_id", "employer_id or nib is required")])
    profile = profile_for(regency_code)  # an unknown regency is 404, not a missing signer (503)
    runtime = runtime_of(request)
    signer = signer_for(runtime.settings, regency_code)
    found = await lookup(reader_of(runtime), regency_code, employer_id=employer_id, nib=nib)
    cleared = answer(profile, service, found)
    status = izin_status(cleared, signer, dt.datetime.now(WIB), nib=nib or found.nib, id_izin=id_izin,
                         kd_izin=kd_izin)
    return {"IZINSTATUS": status, "clearance": cleared}
