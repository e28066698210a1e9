"""Test data: valid NIKs and request bodies."""
from __future__ import annotations

import datetime as dt
import itertools

_serial = itertools.count(1)
# an occupation of each regency's vulnerable-worker category (participants.yaml)
VULNERABLE_OCCUPATION = {"5304": "volunteer", "6405": "religious_teacher", "6101": "farm_labourer",
                         "6309": "farmer", "6207": "farmer"}
# a real desa of each regency (profiles/<regency>/places.csv, Kemendagri codes: TTS, Lamandau and
# Berau are 5302, 6209 and 6403 there, not their BPS codes)
VILLAGE_CODE = {"5304": "5302022001", "6101": "6101012001", "6207": "6209032001", "6309": "6309012001",
                "6405": "6403012001"}


def make_nik(regency_code: str = "6101", birth_date: dt.date = dt.date(1985, 3, 12), sex: str = "M",
             district: str = "01", serial: int | None = None) -> str:
    day = birth_date.day + (40 if sex == "F" else 0)
    number = serial if serial is not None else next(_serial)
    return f"{regency_code}{district}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{number % 10000:04d}"


def participant_body(regency_code: str = "6101", *, birth_date: dt.date = dt.date(1985, 3, 12), sex: str = "M",
                     serial: int | None = None, **overrides) -> dict:
    body = {
        "regency_code": regency_code,
        "nik": make_nik(regency_code, birth_date, sex, serial=serial),
        "full_name": "Budi Santoso",
        "birth_place": "Sambas",
        "birth_date": birth_date.isoformat(),
        "sex": sex,
        "mother_maiden_name": "Siti Aminah",
        "address": "Jl. Gusti Hamzah No. 12, RT 003/RW 001",
        "village_code": VILLAGE_CODE.get(regency_code, f"{regency_code}012001"),
        "latitude": 1.3614,
        "longitude": 109.3067,
        "worker_type": "bpu",
        "category": "vulnerable_worker",
        "occupation": VULNERABLE_OCCUPATION.get(regency_code),
    }
    body.update(overrides)
    return body


def personal_markers() -> list[str]:
    """What must never appear in a log line: the default test person's name, mother's maiden
    name, address and birth date (as ISO text and as Python writes a date), besides full NIKs."""
    body = participant_body()
    born = dt.date.fromisoformat(body["birth_date"])
    return [body["full_name"], body["mother_maiden_name"], body["address"], born.isoformat(), repr(born),
            f"{born.day:02d}-{born.month:02d}-{born.year}"]
