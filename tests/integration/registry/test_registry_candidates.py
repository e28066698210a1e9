"""Candidate imports from DTKS/P3KE/Regsosek extracts: a job with progress, row-level errors,
de-duplication by NIK within a file and across imports, NIKs sealed with a blind index."""
from __future__ import annotations

import datetime as dt

from tests.factories import make_nik
from tests.integration.conftest import CLIENT_KEYS
from tests.integration.registry.helpers import finished

BIRTH = dt.date(1968, 2, 14)
HEADER = "nik,full_name,birth_date,sex,address,village_code,monthly_income,dependants,disability"


def nik(serial: int) -> str:
    return make_nik("6101", BIRTH, "F", district="09", serial=serial)


def extract(lines: list[str]) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


async def imported(client, params: dict, body: bytes, done_status: str = "completed") -> dict:
    started = await client.post("/v1/candidate-imports", params=params, content=body,
                                headers={"content-type": "text/csv"})
    assert started.status_code == 202, started.text
    return await finished(client, f"/v1/candidate-imports/{started.json()['id']}", done_status)


async def test_import_reports_progress_errors_and_deduplicates(infra, api, job_runner):
    await job_runner("registry")
    clerk = await api("registry", key=CLIENT_KEYS["clerk-6101"])
    params = {"regency_code": "6101", "data_source": "dtks"}
    first = await imported(clerk, params, extract([
        f"{nik(1)},Siti Rahma,{BIRTH},P,Dusun Sungai Baru RT 02,6101092003,1.250.000,3,tidak",
        f"{nik(2)},Nur Aini,,F,,,,,",
        f"{nik(1)},Siti Rahma,{BIRTH},F,,,,,",          # the same NIK again in the file
        "6101091402689999X,Salah Ketik,,,,,,,",           # not a NIK
        f"{nik(3)},Dewi,1970-01-01,F,,,,,",               # birth date contradicts the NIK
        f"{nik(4)},Lestari,,L,,,,,",                      # sex contradicts the NIK
    ]))
    assert (first["rows_total"], first["rows_done"], first["rows_accepted"], first["rows_rejected"]) == (6, 6, 2, 4)
    errors = (await clerk.get(f"/v1/candidate-imports/{first['id']}/errors")).json()["items"]
    assert [(e["row_number"], e["field"]) for e in errors] == [(3, "nik"), (4, "nik"), (5, "birth_date"), (6, "sex")]
    assert "baris 1" in errors[0]["message"]
    second = await imported(clerk, params, extract([f"{nik(2)},Nur Aini Baru,,F,,,900.000,,",
                                                    f"{nik(5)},Rina,,F,,,,,"]))
    assert (second["rows_accepted"], second["rows_merged"]) == (2, 1)
    stored = infra.sql("registry", "SELECT full_name, nik_cipher, nik_masked, monthly_income FROM candidates "
                                   "WHERE nik_masked = %s", (nik(2)[:6] + "******" + nik(2)[-4:],))
    assert len(stored) == 1 and stored[0][0] == "Nur Aini Baru" and stored[0][3] == 900_000
    assert nik(2) not in stored[0][1]


async def test_a_file_without_the_nik_column_is_rejected_whole(infra, api, job_runner):
    await job_runner("registry")
    clerk = await api("registry", key=CLIENT_KEYS["clerk-6101"])
    job = await imported(clerk, {"regency_code": "6101", "data_source": "p3ke"}, b"full_name\nSiti\n", "failed")
    assert (job["rows_accepted"], job["rows_rejected"]) == (0, 1)
    errors = (await clerk.get(f"/v1/candidate-imports/{job['id']}/errors")).json()["items"]
    assert errors[0]["fatal"] is True and errors[0]["field"] == "nik"


async def test_import_needs_a_known_source_and_the_regency(infra, api):
    clerk = await api("registry", key=CLIENT_KEYS["clerk-6101"])
    bad = await clerk.post("/v1/candidate-imports", params={"regency_code": "6101", "data_source": "bansos"},
                           content=extract([]))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "data_source"
    other = await clerk.post("/v1/candidate-imports", params={"regency_code": "6405", "data_source": "dtks"},
                             content=extract([]))
    assert other.status_code == 403


async def test_a_dry_run_checks_every_row_and_leaves_the_pool_alone(infra, api, job_runner):
    """The back office's import wizard checks a file first (dry_run), then commits it."""
    await job_runner("registry")
    clerk = await api("registry", key=CLIENT_KEYS["clerk-6101"])
    params = {"regency_code": "6101", "data_source": "dtks"}
    body = extract([f"{nik(21)},Siti Uji,,F,,,,,", f"{nik(22)},Dewi Uji,1970-01-01,F,,,,,"])
    checked = await imported(clerk, {**params, "dry_run": "true"}, body)
    assert (checked["dry_run"], checked["rows_accepted"], checked["rows_rejected"]) == (True, 1, 1)
    errors = (await clerk.get(f"/v1/candidate-imports/{checked['id']}/errors")).json()["items"]
    assert [(e["row_number"], e["field"]) for e in errors] == [(2, "birth_date")]
    masked = nik(21)[:6] + "******" + nik(21)[-4:]
    assert infra.sql("registry", "SELECT 1 FROM candidates WHERE nik_masked = %s", (masked,)) == []
    listed = (await clerk.get("/v1/candidate-imports", params={"regency_code": "6101", "dry_run": "true"})).json()
    assert [i["id"] for i in listed["items"]] == [checked["id"]]
    done = await imported(clerk, params, body)
    assert (done["dry_run"], done["rows_accepted"]) == (False, 1)
    found = (await clerk.get(f"/v1/candidate-imports/{done['id']}/rows", params={"nik": nik(21)})).json()
    assert [(r["row_number"], r["nik"]) for r in found["items"]] == [(1, masked)]
    none = (await clerk.get(f"/v1/candidate-imports/{done['id']}/rows", params={"nik": nik(22)})).json()
    assert none["items"] == []


async def test_a_file_broken_midway_ends_failed_never_completed(infra, api, job_runner):
    """Issue 15: a fatal error after good rows (bytes that are not UTF-8) ends the import as failed; the
    rows before it stay imported and the fatal row error says where the file broke."""
    await job_runner("registry")
    clerk = await api("registry", key=CLIENT_KEYS["clerk-6101"])
    body = extract([f"{nik(31)},Siti Patah,,F,,,,,"]) + b"\xff\xfe,broken\n" + extract([f"{nik(32)},Nur,,F,,,,,"])
    job = await imported(clerk, {"regency_code": "6101", "data_source": "dtks"}, body, "failed")
    assert (job["status"], job["rows_accepted"]) == ("failed", 1)
    errors = (await clerk.get(f"/v1/candidate-imports/{job['id']}/errors")).json()["items"]
    assert [(e["row_number"], e["fatal"]) for e in errors] == [(2, True)]
    listed = (await clerk.get("/v1/candidate-imports", params={"regency_code": "6101", "status": "failed"})).json()
    assert job["id"] in [i["id"] for i in listed["items"]]
