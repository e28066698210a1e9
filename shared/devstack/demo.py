"""Demo data for `make run DEMO=1`, loaded through the public HTTP APIs as a client would.

Steps whose endpoint a service does not offer are skipped with a note, so the loader keeps
working while the system grows."""
from __future__ import annotations

import datetime as dt
import random
from typing import Callable

import httpx

REGENCIES = ["5304", "6405", "6101", "6309", "6207"]
FIRST = ["Budi", "Siti", "Agus", "Dewi", "Yohanes", "Maria", "Ahmad", "Nur", "Petrus", "Rahmat", "Lestari", "Kornelis"]
LAST = ["Santoso", "Wati", "Hidayat", "Nenobais", "Tefa", "Saragih", "Gunawan", "Rahayu", "Benu", "Syahputra"]
# occupations of each regency's vulnerable-worker category (profiles/<regency>/participants.yaml)
OCCUPATIONS = {
    "5304": ["volunteer", "labour_intensive_worker", "arts_practitioner", "other_low_income_vulnerable"],
    "6405": ["religious_teacher", "place_of_worship_caretaker", "dtks_listed_vulnerable_worker"],
    "6101": ["farm_labourer", "fisher", "street_vendor", "motorcycle_taxi_driver", "carpenter_mason"],
    "6309": ["farmer", "farm_labourer", "trader", "day_labourer", "motorcycle_taxi_driver"],
    "6207": ["farmer", "planter", "street_vendor", "odd_job_worker", "driver_motorcycle_taxi"],
}


def _nik(regency: str, birth: dt.date, sex: str, serial: int) -> str:
    day = birth.day + (40 if sex == "F" else 0)
    return f"{regency}01{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def demo_participants(per_regency: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    people = []
    for regency in REGENCIES:
        for i in range(1, per_regency + 1):
            sex = rng.choice("MF")
            birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 45))
            people.append({
                "regency_code": regency, "nik": _nik(regency, birth, sex, i),
                "full_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "birth_place": "Kota Demo",
                "birth_date": birth.isoformat(), "sex": sex, "mother_maiden_name": rng.choice(FIRST),
                "address": f"Jl. Contoh No. {i}, RT 00{i % 9 + 1}", "village_code": f"{regency}01{2001 + i % 4:04d}",
                "worker_type": "bpu", "category": "vulnerable_worker", "occupation": rng.choice(OCCUPATIONS[regency]),
            })
    return people


def load_demo(admin_key: str, *, progress: Callable[[str], None] = print, per_regency: int = 40,
              base: str = "http://127.0.0.1") -> dict:
    headers = {"X-API-Key": admin_key}
    loaded = {"participants": 0, "memberships": 0}
    with httpx.Client(headers=headers, timeout=10) as http:
        people = demo_participants(per_regency)
        for n, person in enumerate(people, 1):
            response = http.post(f"{base}:8001/v1/participants", json=person, headers={"Idempotency-Key": f"demo-{person['nik']}"})
            if response.status_code in (200, 201):
                loaded["participants"] += 1
                loaded["memberships"] += _start_membership(http, base, response.json()["id"], n)
            if n % 50 == 0 or n == len(people):
                progress(f"demo: {n}/{len(people)} participants sent")
    progress(f"demo data loaded: {loaded}")
    return loaded


def _start_membership(http: httpx.Client, base: str, participant_id: str, n: int) -> int:
    body = {"programs": ["JKK", "JKM"], "start_date": "2026-01-01", "funding": "aid" if n % 3 else "self"}
    response = http.post(f"{base}:8001/v1/participants/{participant_id}/memberships", json=body)
    return int(response.status_code in (200, 201))
