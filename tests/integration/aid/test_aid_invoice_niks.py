"""BPJS invoices billed per NIK: the NIKs are resolved at the registry (in-process here) in one
call, matched like id lines; a NIK nobody registered is an unknown person named by its mask, and
no raw NIK reaches the aid database. An unreachable registry refuses the import (503), never 500."""
from __future__ import annotations

import datetime as dt

import httpx

from contribution_aid.participants.directory import ParticipantDirectory
from shared.identifiers import mask_nik
from tests.factories import make_nik, participant_body
from tests.integration.aid.conftest import allocate, evaluated, new_budget, registered
from tests.integration.aid.test_aid_invoices import imported_file

BIRTH = dt.date(1963, 5, 27)  # this module's NIKs
MONTHS = ("2026-01", "2026-02", "2026-03")
AGENCY = {"kind": "agency", "ref": "DISNAKER", "name": "Dinas Tenaga Kerja"}


async def use_directory(aid: httpx.AsyncClient, directory: ParticipantDirectory) -> None:
    """Point the in-process aid app's registry client at `directory`."""
    extras = aid._transport.app.state.runtime.extras  # the app behind the `api` fixture's ASGI transport
    await extras["directory"].aclose()
    extras["directory"] = directory


async def registered_people(registry, aid_events, count: int) -> list[tuple[str, str]]:
    """(NIK, participant id) of people registered in 6101 and approved for aid."""
    people = []
    for serial in range(1, count + 1):
        body = participant_body("6101", birth_date=BIRTH, serial=serial)
        response = await registry.post("/v1/participants", json=body)
        assert response.status_code == 201, response.text
        people.append((body["nik"], response.json()["id"]))
    for _, pid in people:  # as the aid consumer would receive them
        await aid_events.apply(
            (registered(pid, "6101012001"), "6101"), (evaluated(pid, "vulnerable_worker_aid"), "6101")
        )
    return people


def invoice(budget, lines, reference):
    return {"regency_code": "6101", "reference": reference, "period": "2026-03", "budget_ids": [budget["id"]],
            "lines": lines}


async def test_invoice_billed_per_nik_is_matched_and_stores_no_nik(clean, api, aid, aid_events, job_runner):
    registry = await api("registry")
    await use_directory(aid, ParticipantDirectory(registry))
    [worker] = await job_runner("contribution-aid")
    worker.extras["directory"] = ParticipantDirectory(registry)
    people = await registered_people(registry, aid_events, 3)
    budget = await new_budget(aid, "6101", amount=50_000_000, payer=AGENCY)
    for _, pid in people:
        assert (await allocate(aid, budget["id"], pid)).status_code == 201
    stranger = make_nik("6101", BIRTH, serial=9)
    lines = [{"nik": nik, "period": month, "amount": 16_800} for nik, _ in people for month in MONTHS]
    lines.append({"nik": stranger, "amount": 16_800})
    response = await aid.post("/v1/invoices", json=invoice(budget, lines, "NIK/2026/03/001"))
    assert response.status_code == 201, response.text
    report = response.json()
    assert (report["lines"], report["matched"]) == (10, 9)
    assert report["counts"]["unknown_person"] == 1 and sum(report["counts"].values()) == 1
    [flag] = report["discrepancies"]
    assert (flag["kind"], flag["participant_id"], flag["nik"], flag["line_no"]) == (
        "unknown_person", None, mask_nik(stranger), 10)
    stored = (await aid.get(f"/v1/invoices/{report['id']}/discrepancies")).json()["items"]
    assert [(d["kind"], d["nik"]) for d in stored] == [("unknown_person", mask_nik(stranger))]

    csv = "nik,period,amount\n" + "".join(f"{nik},2026-03,16800\n" for nik, _ in people) + f"{stranger},,16800\n"
    params = {"regency_code": "6101", "reference": "NIK-CSV-1", "period": "2026-03", "budget_id": budget["id"]}
    status = await imported_file(aid, params, csv.encode())
    from_file = (await aid.get(status["links"]["invoice"])).json()
    assert (from_file["matched"], from_file["counts"]["unknown_person"]) == (3, 1)

    dumped = " ".join(str(row) for table in ("invoices", "invoice_lines", "outbox")
                      for row in clean.sql("contribution-aid", f"SELECT t::text FROM {table} t"))
    assert mask_nik(stranger) in dumped
    for nik in [nik for nik, _ in people] + [stranger]:
        assert nik not in dumped


async def test_unreachable_registry_refuses_the_import_with_503(clean, aid, aid_events):
    await use_directory(aid, ParticipantDirectory(httpx.AsyncClient(base_url="http://127.0.0.1:9", timeout=2)))
    budget = await new_budget(aid, "6101", amount=50_000_000, payer=AGENCY)
    lines = [{"nik": make_nik("6101", BIRTH, serial=1), "amount": 16_800}]
    response = await aid.post("/v1/invoices", json=invoice(budget, lines, "NIK/2026/03/002"))
    assert response.status_code == 503, response.text
    assert response.json()["type"].endswith("/registry-unavailable")
    assert clean.sql("contribution-aid", "SELECT count(*) FROM invoices")[0][0] == 0
    both = await aid.post("/v1/invoices", json=invoice(budget, [{**lines[0], "participant_id": str(budget["id"])}],
                                                       "NIK/2026/03/003"))
    assert both.status_code == 422
