"""Batch evaluation end to end: upload (CSV or NDJSON) -> job processed by the worker function ->
progress -> results downloaded; each row's result equals the one-by-one POST /v1/evaluations
answer (boundaries, missing facts and refused rows included); row errors reported; a job that
cannot be read fails as a whole; a job whose worker died is taken over and resumed."""
from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io

import orjson
import pytest

from eligibility.batch import runner
from tests.factories import make_nik
from tests.integration.conftest import CLIENT_KEYS, eventually

AS_OF = dt.date(2026, 1, 15)
QUERY = {"regency_code": "6405", "scheme": "vulnerable_worker_aid", "as_of": AS_OF.isoformat()}
COLUMNS = ["ref", "nik", "birth_date", "sex", "has_ktp", "domicile_regency_code", "actively_working", "worker_type",
           "occupation", "monthly_income", "vulnerable_independent_worker", "vulnerable_worker"]
BASE = {"has_ktp": "true", "domicile_regency_code": "6405", "actively_working": "ya", "worker_type": "bpu",
        "occupation": "Nelayan", "monthly_income": "3000000"}


async def process_next_job(runtime):
    """What the worker's job runner does next (shared/jobs): claim and run one job."""
    return await runner.job_runner(runtime).run_next()


def _born(age: int, offset: int) -> dt.date:
    """Turns `age` `offset` days after AS_OF (0: on AS_OF)."""
    day = AS_OF + dt.timedelta(days=offset)
    return day.replace(year=day.year - age)


def _rows() -> list[dict]:
    """Berau Pasal 16: 18 <= age < 65 around both bounds, income around UMK 2026 (4,391,337),
    missing and false facts, and rows a one-by-one request would refuse."""
    rows = []
    for serial, (age, offset) in enumerate([(a, o) for a in (18, 65) for o in (-1, 0, 1)], start=1):
        birth = _born(age, offset)
        rows.append({**BASE, "nik": make_nik("6405", birth, "F", serial=serial), "birth_date": birth.isoformat()})
    nik = make_nik("6405", dt.date(1985, 7, 1), "M", serial=50)
    for income in ("4391336", "4391337", "4391338", ""):
        for independent in ("true", "false", ""):
            rows.append({**BASE, "nik": nik, "monthly_income": income, "vulnerable_independent_worker": independent})
    rows += [
        {**BASE, "nik": nik, "has_ktp": ""}, {**BASE, "nik": nik, "domicile_regency_code": "6101"},
        {**BASE, "nik": nik, "occupation": "guru", "vulnerable_worker": "false"},
        {**BASE, "nik": nik, "occupation": "guru"}, {**BASE, "nik": nik, "worker_type": "pu"},
        {**BASE, "birth_date": "1990-02-28"}, {**BASE}, {"nik": nik},
        {**BASE, "nik": "6405013102850001"},            # refused: 31 February in the NIK
        {**BASE, "nik": nik, "sex": "F"},               # refused: contradicts the NIK
        {**BASE, "nik": nik, "has_ktp": "maybe"},       # refused: not a boolean
    ]
    return [{"ref": f"dtks-{i}", **row} for i, row in enumerate(rows, start=1)]


def _csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _as_applicant(row: dict) -> dict:
    """The JSON applicant a one-by-one request carries for a CSV row."""
    kinds = {"has_ktp": bool, "actively_working": bool, "vulnerable_independent_worker": bool,
             "vulnerable_worker": bool, "monthly_income": int}
    out = {}
    for name, value in row.items():
        if name == "ref" or value == "":
            continue
        if kinds.get(name) is bool:
            out[name] = {"true": True, "ya": True, "false": False}.get(value, value)
        else:
            out[name] = int(value) if kinds.get(name) is int else value
    return out


async def _upload(client, data: bytes, content_type="text/csv", **query):
    return await client.post("/v1/batch-evaluations", params={**QUERY, **query}, content=data,
                             headers={"Content-Type": content_type})


async def test_upload_process_download_equals_one_by_one(clean, api, eligibility_runtime):
    eligibility = await api("eligibility")
    rows = _rows()
    response = await _upload(eligibility, _csv(rows))
    assert response.status_code == 202, response.text
    job = response.json()
    assert (job["status"], job["rows_total"], job["rows_done"]) == ("queued", len(rows), 0)
    assert response.headers["location"] == f"/v1/batch-evaluations/{job['id']}"
    assert (await eligibility.get(f"/v1/batch-evaluations/{job['id']}/results")).status_code == 409

    assert await process_next_job(eligibility_runtime) is not None
    done = (await eligibility.get(f"/v1/batch-evaluations/{job['id']}")).json()
    assert (done["status"], done["rows_total"], done["rows_done"], done["row_errors"]) == (
        "done",
        len(rows),
        len(rows),
        3,
    )
    assert sum(done["counts"].values()) == len(rows) and done["counts"]["invalid"] == 3
    assert all(done["counts"][o] for o in ("eligible", "ineligible", "needs_information")), done["counts"]
    assert clean.sql("eligibility", "SELECT count(*) FROM job_upload_pieces") == [(0,)]  # NIKs gone with the upload

    download = await eligibility.get(f"/v1/batch-evaluations/{job['id']}/results", params={"format": "ndjson"})
    results = [orjson.loads(line) for line in download.content.splitlines()]
    assert [r["row"] for r in results] == list(range(1, len(rows) + 1))
    for row, result in zip(rows, results, strict=True):
        answer = await eligibility.post("/v1/evaluations", json={**QUERY, "applicant": _as_applicant(row)})
        assert result["ref"] == row["ref"]
        if answer.status_code == 422:
            assert result["outcome"] == "invalid", (row, result)
            assert {e["field"] for e in result["errors"]} == {e["field"].removeprefix("applicant.")
                                                              for e in answer.json()["errors"]}
            continue
        one = answer.json()
        assert (result["outcome"], result["eligible"], result["programs"], result["missing_facts"]) == (
            one["outcome"], one["eligible"], one["programs"], one["missing_facts"]), (row, result, one)
        assert result["failed_checks"] == [{"rule": c["rule"], "citation": c["citation"]}
                                           for c in one["checks"] if c["passed"] is False], (row, result)
        assert result["nik_masked"] == (row["nik"][:6] + "******" + row["nik"][-4:] if row.get("nik") else None)

    as_csv = await eligibility.get(f"/v1/batch-evaluations/{job['id']}/results", params={"format": "csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [(t["row"], t["outcome"]) for t in table] == [(str(r["row"]), r["outcome"]) for r in results]
    errors = (await eligibility.get(f"/v1/batch-evaluations/{job['id']}/errors")).json()
    assert [(e["ref"], [x["field"] for x in e["errors"]]) for e in errors["errors"]] == [
        (rows[-3]["ref"], ["nik"]), (rows[-2]["ref"], ["sex"]), (rows[-1]["ref"], ["has_ktp"])]


async def test_ndjson_rows_that_cannot_be_read_are_reported(clean, api, eligibility_runtime):
    eligibility = await api("eligibility")
    nik = make_nik("6405", dt.date(1985, 7, 1), "M", serial=51)
    lines = [orjson.dumps({"ref": "a", "nik": nik, "has_ktp": True}), b"not json", b"[1, 2]",
             orjson.dumps({"ref": "d", "income": 5}), b"", orjson.dumps({"nik": nik, "has_ktp": "true"})]
    job = (await _upload(eligibility, b"\n".join(lines) + b"\n", "application/x-ndjson")).json()
    await process_next_job(eligibility_runtime)
    status = (await eligibility.get(f"/v1/batch-evaluations/{job['id']}")).json()
    assert (status["status"], status["rows_done"], status["row_errors"]) == ("done", 5, 4)
    errors = (
        await eligibility.get(f"/v1/batch-evaluations/{job['id']}/errors", params={"limit": 2, "offset": 1})
    ).json()
    assert [(e["row"], e["errors"][0]["field"]) for e in errors["errors"]] == [(3, "row"), (4, "income")]


@pytest.mark.parametrize("query,data,content_type,status,slug", [
    ({"regency_code": "9999"}, b"nik\n1\n", "text/csv", 404, "unknown-regency"),
    ({"scheme": "palm_oil_worker_aid"}, b"nik\n1\n", "text/csv", 422, "scheme-not-offered"),
    ({"as_of": "2020-01-01"}, b"nik\n1\n", "text/csv", 422, "no-regulation-in-force"),
    ({}, b"nik;penghasilan\n1;2\n", "text/csv", 422, "validation-error"),
    ({}, b"nik,nik\n1,2\n", "text/csv", 422, "validation-error"),
    ({}, b"nik\n", "text/csv", 422, "validation-error"),
    ({}, b"", "text/csv", 422, "validation-error"),
    ({}, b"nik,has_ktp\n1,true\n", "application/x-ndjson", 422, "validation-error"),
    ({}, b"nik\n1\n", "application/pdf", 415, "unsupported-media-type"),
])
async def test_upload_refusals_leave_nothing(clean, api, query, data, content_type, status, slug):
    response = await _upload(await api("eligibility"), data, content_type, **query)
    assert response.status_code == status, response.text
    assert response.json()["type"].endswith(slug)
    assert clean.sql("eligibility", "SELECT count(*) FROM batch_jobs") == [(0,)]
    assert clean.sql("eligibility", "SELECT count(*) FROM job_upload_pieces") == [(0,)]


async def test_jobs_of_other_regencies_are_invisible(clean, api):
    admin, clerk = await api("eligibility"), await api("eligibility", key=CLIENT_KEYS["clerk-6101"])
    job = (await _upload(admin, _csv(_rows()[:2]))).json()
    assert (await clerk.get(f"/v1/batch-evaluations/{job['id']}")).status_code == 404
    assert (await _upload(clerk, _csv(_rows()[:2]))).status_code == 403


async def test_unreadable_file_fails_the_job_without_partial_results(clean, api, eligibility_runtime, monkeypatch):
    monkeypatch.setattr("eligibility.batch.reading.MAX_ROW_CHARS", 1000)
    eligibility = await api("eligibility")
    body = _csv(_rows()) + b'x,"never closed,\n' + b"6405010101850001," * 200 + b"\n"
    job = (await _upload(eligibility, body)).json()
    await process_next_job(eligibility_runtime)
    failed = (await eligibility.get(f"/v1/batch-evaluations/{job['id']}")).json()
    assert failed["status"] == "failed" and "unbalanced quote" in failed["error"]
    assert (await eligibility.get(f"/v1/batch-evaluations/{job['id']}/results")).status_code == 409
    assert clean.sql("eligibility", "SELECT count(*) FROM batch_result_chunks") == [(0,)]
    assert clean.sql("eligibility", "SELECT count(*) FROM job_upload_pieces") == [(0,)]


class _WorkerDied(BaseException):
    """Stands for a killed worker process: nothing after it runs, not even error handling."""


async def test_a_job_whose_worker_died_is_taken_over_and_resumed(clean, api, eligibility_runtime, monkeypatch):
    eligibility_runtime.settings.batch_chunk_rows = 5
    eligibility = await api("eligibility")
    rows = _rows()
    job = (await _upload(eligibility, _csv(rows))).json()
    real_chunk, stored = runner.store_chunk, []

    async def dying_after_two_chunks(*args):
        if len(stored) == 2:
            raise _WorkerDied()
        await real_chunk(*args)
        stored.append(args[-1])

    monkeypatch.setattr(runner, "store_chunk", dying_after_two_chunks)
    with pytest.raises(_WorkerDied):
        await process_next_job(eligibility_runtime)
    monkeypatch.setattr(runner, "store_chunk", real_chunk)
    assert clean.sql("eligibility", "SELECT status, chunks_done, rows_done FROM batch_jobs") == [("running", 2, 10)]
    assert await process_next_job(eligibility_runtime) is None  # its lease holds: nobody takes it over
    clean.sql("eligibility", "UPDATE jobs SET lease_until = now() - interval '1 hour'")
    assert await process_next_job(eligibility_runtime) is not None
    done = (await eligibility.get(f"/v1/batch-evaluations/{job['id']}")).json()
    assert (done["status"], done["attempts"], done["rows_done"], sum(done["counts"].values())) == (
        "done", 2, len(rows), len(rows))
    results = (await eligibility.get(f"/v1/batch-evaluations/{job['id']}/results")).content.splitlines()
    assert [orjson.loads(r)["row"] for r in results] == list(range(1, len(rows) + 1))


async def test_a_queued_job_wakes_an_idle_worker_at_once(clean, api, eligibility_runtime):
    """The submit NOTIFYs the runner (shared/notify.py): with a fallback poll far longer than the
    wait, only the notification can have started the job."""
    eligibility_runtime.settings.jobs_poll_seconds = 600
    eligibility = await api("eligibility")
    stop = asyncio.Event()
    loop = asyncio.create_task(runner.job_runner(eligibility_runtime).loop(stop))
    try:
        await asyncio.sleep(1)  # the runner found nothing and sleeps on its LISTEN
        job = (await _upload(eligibility, _csv(_rows()[:3]))).json()["id"]

        async def done():
            return (await eligibility.get(f"/v1/batch-evaluations/{job}")).json()["status"] == "done"

        await eventually(done, timeout=20)
    finally:
        stop.set()
        await asyncio.wait_for(loop, 5)


async def test_the_worker_loop_picks_up_queued_jobs(clean, api, eligibility_runtime):
    eligibility_runtime.settings.jobs_poll_seconds = 0.05
    eligibility = await api("eligibility")
    stop = asyncio.Event()
    loop = asyncio.create_task(runner.job_runner(eligibility_runtime).loop(stop))
    try:
        jobs = [(await _upload(eligibility, _csv(_rows()[:n]))).json()["id"] for n in (3, 4)]

        async def all_done():
            states = [(await eligibility.get(f"/v1/batch-evaluations/{j}")).json() for j in jobs]
            return [(s["status"], s["rows_done"]) for s in states] == [("done", 3), ("done", 4)]

        await eventually(all_done, timeout=20)
    finally:
        stop.set()
        await asyncio.wait_for(loop, 5)


async def test_uploads_are_sealed_at_rest(clean, api):
    eligibility = await api("eligibility")
    rows = _rows()[:3]
    job = (await _upload(eligibility, _csv(rows))).json()
    stored = b"".join(bytes(r[0]) for r in clean.sql("eligibility", "SELECT sealed FROM job_upload_pieces "
                                                                   "WHERE job_id = %s ORDER BY seq", (job["id"],)))
    assert stored and all(row["nik"].encode() not in stored for row in rows)
    assert b"has_ktp" not in stored
