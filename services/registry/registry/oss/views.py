"""OSS RBA endpoints on the registry (docs/API.md §16)."""
from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from registry.domain.oss import token_valid
from registry.oss import service
from registry.oss.client import OssClient
from registry.oss.schemas import InquiryIn, InquiryOut, ReceiveNibAnswer, ReceiveNibIn
from shared.app import runtime_of
from shared.auth import Client, require
from shared.openapi import neighbour, raw_body
from shared.problems import NotFound, Problem

router = APIRouter(tags=["oss"])
WIB = ZoneInfo("Asia/Jakarta")  # OSS dates its Token in Indonesian western time


def _refusal(code: int, keterangan: str) -> dict:
    return {"responreceiveNIB": {"status": "2", "kode": code, "keterangan": keterangan}}


def _refused(refusal: service.OssRefusal) -> JSONResponse:
    return JSONResponse(_refusal(refusal.code, refusal.keterangan), status_code=refusal.code)


# OSS's Token header, read by the route itself (a wrong or missing one is OSS's 401, in OSS's envelope)
TOKEN = {"name": "Token", "in": "header", "required": True, "schema": {"type": "string"},
         "description": "SHA1(username + password + npwp + Ymd), tanggal WIB / date in WIB"}
RECEIVE_NIB = {**raw_body(ReceiveNibIn), "parameters": [TOKEN]}
# every refusal is OSS's envelope with status "2" and OSS's code (Lampiran 9), as OSS expects it
OSS_REFUSALS = neighbour(ReceiveNibAnswer, {
    200: ("Diterima / Received", {"responreceiveNIB": {
        "status": "1", "kode": 200, "keterangan": "Data NIB diterima / received",
        "employer_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "compliance_gap": True}}),
    400: ("Data Parameter Salah: body atau field dataNIB tidak dapat dipakai / unusable body or dataNIB fields",
          _refusal(400, "Data Parameter Salah / invalid parameters: dataNIB.kd_daerah")),
    401: ("User Akses Tidak Valid: Token salah (envelope OSS), atau X-API-Key tidak ada (problem) / "
          "wrong Token (OSS envelope), or missing X-API-Key (problem)",
          _refusal(401, "User Akses Tidak Valid: Token salah / invalid Token")),
    403: ("Ilegal Akses: NIB di luar kabupaten yang dilayani (envelope OSS), atau cakupan kurang (problem) / "
          "NIB outside the regencies served (OSS envelope), or scope lacking (problem)",
          _refusal(403, "Ilegal Akses: NIB berada di wilayah 6101, bukan kabupaten yang dilayani"))})


@router.post("/oss/receiveNIB", response_model=ReceiveNibAnswer, responses=OSS_REFUSALS, openapi_extra=RECEIVE_NIB,
             description=(
        "OSS RBA's receiveNIB as OSS sends it: `{\"dataNIB\": {...}}` with OSS's `Token` header "
        "(SHA1(username + password + npwp + Ymd), configured) besides X-API-Key (scope `oss:feed`). Answers "
        "`{\"responreceiveNIB\": {\"status\": \"1\"|\"2\", \"keterangan\"}}`; a refusal carries OSS's own codes "
        "(400 Data Parameter Salah, 401 User Akses Tidak Valid, 403 Ilegal Akses for a NIB of a regency not "
        "served). A second identical message changes nothing."))
async def receive_nib(request: Request, client: Client = Depends(require("oss:feed"))):
    runtime = runtime_of(request)
    settings = runtime.settings
    if not token_valid(request.headers.get("token"), username=settings.oss_username, password=settings.oss_password,
                       npwp=settings.oss_npwp, today=dt.datetime.now(WIB).date()):
        return _refused(service.OssRefusal(401, "User Akses Tidak Valid: Token salah / invalid Token"))
    try:
        payload = json.loads(await request.body())
        answer = await service.receive_nib(runtime.sessions, runtime.extras["vault"], client, payload,
                                           today=dt.date.today())
    except (ValueError, UnicodeDecodeError):
        return _refused(service.OssRefusal(400, "Data Parameter Salah: JSON tidak valid / invalid JSON"))
    except service.OssRefusal as refusal:
        return _refused(refusal)
    return {"responreceiveNIB": answer}


@router.post("/oss/inquiries", response_model=InquiryOut, description=(
        "Complete an employer the regency knows only by `nib` or `npwp`: asks OSS RBA's inqueryNIB (configured "
        "base URL and user_key) and upserts the employer from OSS's dataNIB exactly as receiveNIB does. "
        "Scope `registry:write`. 404 when OSS knows no such business; 502/504 when OSS fails or cannot be reached."))
async def inquire(body: InquiryIn, request: Request, client: Client = Depends(require("registry:write"))):
    client.require_regency(body.regency_code)
    if not (body.nib or body.npwp):
        raise Problem("nib or npwp is required / nib atau npwp wajib diisi", status=422, slug="validation-error",
                      errors=[{"field": "nib", "message": "nib atau npwp wajib diisi / nib or npwp is required"}])
    runtime = runtime_of(request)
    s = runtime.settings
    oss = runtime.extras.get("oss_client") or OssClient(s.oss_base_url, s.oss_user_key, timeout=s.oss_timeout_seconds)
    if not oss.configured:
        raise Problem("OSS RBA is not configured (LINDUNG_REGISTRY_OSS_BASE_URL, _OSS_USER_KEY)", status=503,
                      slug="oss-not-configured", title="OSS not configured")
    try:
        data = await oss.inquire(nib=body.nib, npwp=body.npwp)
        if data is None:
            raise NotFound("OSS tidak mengenal NIB/NPWP ini / OSS knows no such business")
        data = {**data, "kd_daerah": data.get("kd_daerah") or data.get("perseroan_daerah_id") or "",
                "kewenangan": data.get("kewenangan") or "02"}
        _, outcome = await service.upsert_from_oss(runtime.sessions, runtime.extras["vault"], client, data,
                                                   today=dt.date.today(), expected_regency=body.regency_code)
    except service.OssRefusal as refusal:
        raise Problem(refusal.keterangan, status=refusal.code if refusal.code >= 500 else 422,
                      slug="oss-refused", title="OSS answer refused") from None
    return InquiryOut(found=True, keterangan="Data NIB dari OSS disimpan / OSS data stored",
                      employer_id=outcome["employer_id"], created=outcome["created"],
                      compliance_gap=outcome["compliance_gap"])
