"""OSS RBA receiveNIB (docs/API.md §16): read `dataNIB`, decide the owning regency, then the same
upsert as the OSS/PTSP feed (`receive_oss_notification`): the compliance gap, its event and the
sanctions case candidate follow exactly as for `POST /v1/oss/notifications`."""
from __future__ import annotations

import datetime as dt

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import async_sessionmaker

from registry import profiles
from registry.domain.oss import KEWENANGAN, NibReading, read_data_nib
from registry.employers.schemas import OssNotificationIn
from registry.employers.service import receive_oss_notification
from registry.protection import Vault
from shared.auth import Client
from shared.problems import Problem

RECEIVED = "Data NIB diterima / NIB data received"


class OssRefusal(Exception):
    """An answer in OSS's own error shape: HTTP status = OSS Lampiran 9 code."""

    def __init__(self, code: int, keterangan: str):
        super().__init__(keterangan)
        self.code, self.keterangan = code, keterangan


def bad_parameters(errors) -> OssRefusal:
    listed = "; ".join(f"{e['field'] if isinstance(e, dict) else e.field}: "
                       f"{e['message'] if isinstance(e, dict) else e.message}" for e in errors)
    return OssRefusal(400, f"Data Parameter Salah / invalid parameters: {listed}")


def owner_of(reading: NibReading, client: Client) -> str:
    """The regency Lindung files the employer under, or an OSS refusal (403 Ilegal Akses)."""
    if reading.errors:
        raise bad_parameters(reading.errors)
    regency = reading.regency_code
    if regency is None:
        raise OssRefusal(403, f"Ilegal Akses: kd_daerah {reading.region_code} (kewenangan "
                              f"{KEWENANGAN[reading.kewenangan]}) tidak menunjuk satu kabupaten / "
                              "the region code names no single regency")
    if profiles.registry_profile(regency) is None or not client.may_act_for(regency):
        raise OssRefusal(403, f"Ilegal Akses: NIB berada di wilayah {regency}, bukan kabupaten yang dilayani / "
                              f"the NIB belongs to regency {regency}, which this system does not serve for you")
    return regency


def notification_of(reading: NibReading, regency: str, today: dt.date) -> OssNotificationIn:
    try:
        return OssNotificationIn(regency_code=regency, name=reading.name, nib=reading.nib, npwp=reading.npwp,
                                 kind=reading.kind, business_scale=reading.business_scale, sector=reading.sector,
                                 address=reading.address, bpjs_registration_number=reading.npp,
                                 workers=reading.workforce.total, notified_on=today, reference=reading.oss_id)
    except ValidationError as error:
        raise bad_parameters([{"field": "dataNIB." + ".".join(str(p) for p in e["loc"]), "message": e["msg"]}
                              for e in error.errors()]) from None


def oss_columns(reading: NibReading) -> dict:
    return {"expected_workers_male": reading.workforce.male, "expected_workers_female": reading.workforce.female,
            "expected_foreign_workers": reading.workforce.foreign, "oss_id": reading.oss_id,
            "region_code": reading.region_code, "kewenangan": reading.kewenangan, "kbli": list(reading.kbli)}


async def upsert_from_oss(sessions: async_sessionmaker, vault: Vault, client: Client, data: dict, *,
                          today: dt.date, expected_regency: str | None = None) -> tuple[int, dict]:
    """One `dataNIB` (from receiveNIB or an inqueryNIB answer) -> the employer, upserted by NIB."""
    reading = read_data_nib(data)
    regency = owner_of(reading, client)
    if expected_regency is not None and regency != expected_regency:
        raise OssRefusal(403, f"Ilegal Akses: NIB berada di wilayah {regency}, bukan {expected_regency} / "
                              f"the NIB belongs to regency {regency}, not {expected_regency}")
    body = notification_of(reading, regency, today)
    try:
        return await receive_oss_notification(sessions, vault, client, body, today=today,
                                              oss_fields=oss_columns(reading))
    except Problem as problem:
        if problem.status == 422:
            raise bad_parameters(problem.errors or [{"field": "dataNIB", "message": problem.detail}]) from None
        raise


async def receive_nib(sessions: async_sessionmaker, vault: Vault, client: Client, payload: object, *,
                      today: dt.date) -> dict:
    if not isinstance(payload, dict) or not isinstance(payload.get("dataNIB"), dict):
        raise OssRefusal(400, "Data Parameter Salah: body harus {\"dataNIB\": {...}} / body must be "
                              "{\"dataNIB\": {...}}")
    _, outcome = await upsert_from_oss(sessions, vault, client, payload["dataNIB"], today=today)
    return {"status": "1", "kode": 200, "keterangan": RECEIVED, "employer_id": outcome["employer_id"],
            "compliance_gap": outcome["compliance_gap"]}
