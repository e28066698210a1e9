"""Demo data for `make run DEMO=1`, loaded through the public HTTP APIs as a client would.

Steps whose endpoint a service does not offer are skipped with a note, so the loader keeps
working while the system grows."""
from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable

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


# facts that make a demo participant eligible under each regency's aid scheme (the ids and
# facts of docs/API.md §5; see tests/unit/eligibility/cases for the rules behind them)
AID_SCHEMES = {
    "5304": ("vulnerable_worker_aid", {"domicile_regency_code": "5304", "already_protected": False,
                                       "actively_working": True, "occupation": "pelaku seni"}),
    "6405": ("vulnerable_worker_aid", {"domicile_regency_code": "6405", "has_ktp": True, "actively_working": True,
                                       "worker_type": "bpu", "occupation": "nelayan", "monthly_income": 3000000}),
    "6101": ("vulnerable_worker_aid", {"domicile_regency_code": "6101", "already_protected": False,
                                       "actively_working": True, "occupation": "nelayan"}),
    "6309": ("vulnerable_worker_aid", {"occupation": "petani"}),
    "6207": ("aid_recipient_verification", {"has_e_ktp": True, "worker_type": "bpu", "healthy": True,
                                            "seriously_ill_or_in_er": False, "deceased": False}),
}
AIDED_PER_REGENCY = 12
MONTHLY = 16_800


class Demo:
    """Talks to the five services over HTTP with the admin key and counts what it loaded."""

    def __init__(self, http: httpx.Client, base: str, progress: Callable[[str], None]):
        self.http, self.base, self.progress = http, base, progress
        self.loaded = {"participants": 0, "memberships": 0, "evaluations": 0, "budgets": 0, "allocations": 0,
                       "employers": 0, "construction_projects": 0}

    def post(self, port: int, path: str, body: dict, count: str | None = None, **kwargs) -> dict | None:
        response = self.http.post(f"{self.base}:{port}/v1{path}", json=body, **kwargs)
        if response.status_code not in (200, 201, 202):
            return None
        if count:
            self.loaded[count] += 1
        return response.json()

    def participants(self, per_regency: int) -> dict[str, list[tuple[str, dict]]]:
        people, registered = demo_participants(per_regency), {}
        for n, person in enumerate(people, 1):
            created = self.post(8001, "/participants", person, "participants",
                                headers={"Idempotency-Key": f"demo-{person['nik']}"})
            if created:
                registered.setdefault(person["regency_code"], []).append((created["id"], person))
                funding = "aid" if len(registered[person["regency_code"]]) <= AIDED_PER_REGENCY else "self"
                self.post(8001, f"/participants/{created['id']}/memberships",
                          {"programs": ["JKK", "JKM"], "start_date": "2026-01-01", "funding": funding}, "memberships")
            if n % 50 == 0 or n == len(people):
                self.progress(f"demo: {n}/{len(people)} participants sent")
        return registered

    def aid(self, regency: str, people: list[tuple[str, dict]]) -> None:
        scheme, facts = AID_SCHEMES[regency]
        budget = self.post(8003, "/budgets", {"regency_code": regency, "fiscal_year": 2026, "funding_source": "apbd",
                                              "amount": AIDED_PER_REGENCY * 12 * MONTHLY, "scheme": scheme}, "budgets")
        for participant_id, person in people[:AIDED_PER_REGENCY]:
            answer = self.post(8002, "/evaluations", {"regency_code": regency, "scheme": scheme, "as_of": "2026-01-15",
                                                      "participant_id": participant_id,
                                                      "applicant": {**facts, "nik": person["nik"]}}, "evaluations")
            if budget and answer and answer.get("eligible"):
                self._allocate_when_known(budget["id"], participant_id)

    def _allocate_when_known(self, budget_id: str, participant_id: str) -> None:
        """The aid service learns of the approval through events: retry briefly."""
        for _ in range(20):
            if self.post(8003, "/allocations", {"budget_id": budget_id, "participant_id": participant_id,
                                                "months": 12}, "allocations"):
                return
            time.sleep(0.25)

    def employers(self, regency: str) -> None:
        nib = f"91202{regency}{random.Random(regency).randrange(1000, 9999)}"
        employer = {"regency_code": regency, "name": f"CV Maju Bersama {regency}", "kind": "non_state",
                    "business_scale": "small", "sector": "construction", "address": "Jl. Demo No. 1"}
        # an OSS/PTSP notification of an employer with workers and no BPJS registration: a compliance gap
        created = self.post(8001, "/oss/notifications", {**employer, "nib": nib, "workers": 25}, "employers")
        if created and created.get("employer_id"):
            self.post(8001, "/construction-projects", {
                "regency_code": regency, "employer_id": created["employer_id"], "name": f"Jalan Desa {regency}",
                "contract_value": 750_000_000, "funding_source": "apbd", "spk_date": "2026-08-03"},
                "construction_projects")


def load_demo(admin_key: str, *, progress: Callable[[str], None] = print, per_regency: int = 40,
              base: str = "http://127.0.0.1") -> dict:
    with httpx.Client(headers={"X-API-Key": admin_key}, timeout=15) as http:
        demo = Demo(http, base, progress)
        registered = demo.participants(per_regency)
        for regency, people in registered.items():
            progress(f"demo: aid, employers and construction for {regency}")
            demo.aid(regency, people)
            demo.employers(regency)
    progress(f"demo data loaded: {demo.loaded}")
    return demo.loaded
