"""BPJS invoices: a generated invoice with each kind of discrepancy reports every one of them and
nothing else; the treasurer pays; the accountability pack bundles decree, invoice and transfer."""
from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile

import orjson

from tests.integration.aid.conftest import allocate, new_budget
from tests.integration.conftest import CLIENT_KEYS, eventually

MONTHS = ("2026-01", "2026-02", "2026-03")
AGENCY = {"kind": "agency", "ref": "DISNAKER", "name": "Dinas Tenaga Kerja"}


async def funded_population(aid, aid_events, count=10, regency_code="6101"):
    """`count` people funded Jan-Dec 2026 by one APBD budget; returns (budget, people)."""
    budget = await new_budget(aid, regency_code, amount=50_000_000, payer=AGENCY)
    people = await aid_events.participants(count, regency_code)
    for pid in people:
        assert (await allocate(aid, budget["id"], pid)).status_code == 201
    return budget, people


def invoice(budget, lines, reference="TAGIHAN/2026/03/001"):
    return {
        "regency_code": budget["regency_code"],
        "reference": reference,
        "period": "2026-03",
        "budget_ids": [budget["id"]],
        "lines": lines,
    }


def clean_lines(people):
    return [{"participant_id": str(pid), "period": month, "amount": 16_800} for pid in people for month in MONTHS]


async def test_generated_invoice_reports_each_discrepancy_and_nothing_else(clean, aid, aid_events):
    budget, people = await funded_population(aid, aid_events)
    moved, dead, employed, mismatched = people[:4]
    await aid_events.terminated(moved, "6101", "moved_out", dt.date(2026, 2, 10))
    await aid_events.terminated(dead, "6101", "deceased", dt.date(2026, 2, 3))
    await aid_events.membership(employed, "6101", "employer", dt.date(2026, 3, 1))
    province = await new_budget(aid, funding_source="apbd_provinsi", payer={"kind": "province"})
    provincial = await aid_events.participant()
    assert (await allocate(aid, province["id"], provincial)).status_code == 201
    nobody = uuid.uuid4()
    lines = clean_lines(people)
    lines[3 * 3 + 0]["amount"] = 17_000  # mismatched, January
    lines += [{"participant_id": str(nobody), "amount": 16_800},  # period defaults to the invoice's
              {"participant_id": str(provincial), "period": "2026-02", "amount": 16_800}]
    response = await aid.post("/v1/invoices", json=invoice(budget, lines))
    assert response.status_code == 201, response.text
    report = response.json()
    found = {(d["kind"], d["participant_id"], d["period"]) for d in report["discrepancies"]}
    assert found == {
        ("terminated_recipient", str(moved), "2026-03"),
        ("deceased_recipient", str(dead), "2026-03"),
        ("already_protected_elsewhere", str(employed), "2026-03"),
        ("amount_mismatch", str(mismatched), "2026-01"),
        ("unknown_person", None, "2026-03"),
        ("already_protected_elsewhere", str(provincial), "2026-02"),
    }
    assert report["counts"] == {"unknown_person": 1, "already_protected_elsewhere": 2, "terminated_recipient": 1,
                                "deceased_recipient": 1, "amount_mismatch": 1}
    assert (report["lines"], report["matched"]) == (len(lines), len(lines) - 6)
    assert report["matched_total"] == (len(lines) - 6) * 16_800
    stored = (await aid.get(f"/v1/invoices/{report['id']}/discrepancies")).json()
    assert {(d["kind"], d["line_no"]) for d in stored["items"]} == {(d["kind"], d["line_no"])
                                                                    for d in report["discrepancies"]}
    event = clean.sql("contribution-aid", "SELECT envelope->'payload' FROM outbox "
                                          "WHERE event_type = 'InvoiceReconciled'")[0][0]
    assert (event["lines"], event["matched"], event["discrepancies"]) == (len(lines), len(lines) - 6, report["counts"])


async def imported_file(aid, params: dict, body: bytes, done: str = "completed") -> dict:
    """A large-invoice import through the worker's job runner, once it has ended."""
    started = await aid.post("/v1/invoices/csv", params=params, content=body, headers={"content-type": "text/csv"})
    assert started.status_code == 202, started.text

    async def ended():
        status = (await aid.get(started.json()["links"]["self"])).json()
        return status if status["status"] in ("completed", "failed") else None
    status = await eventually(ended, timeout=30)
    assert status["status"] == done, status
    return status


async def test_csv_import_matches_the_json_import_and_bad_files_are_refused_whole(clean, aid, aid_events, job_runner):
    await job_runner("contribution-aid")
    budget, people = await funded_population(aid, aid_events, count=3)
    body = "participant_id,period,amount\n" + "".join(f"{p},{m},16800\n" for p in people for m in MONTHS)
    params = {"regency_code": "6101", "reference": "CSV-1", "period": "2026-03", "budget_id": budget["id"]}
    status = await imported_file(aid, params, body.encode())
    invoice = (await aid.get(status["links"]["invoice"])).json()
    assert (invoice["matched"], invoice["lines"]) == (9, 9)
    assert (await aid.get(f"/v1/invoices/{invoice['id']}/discrepancies")).json()["items"] == []
    again = await aid.post("/v1/invoices/csv", params=params, content=body.encode())
    assert again.status_code == 409
    broken = body + "not-a-uuid,2026-03,16800\n" + f"{people[0]},2026-13,16800\n" + f"{people[0]},2026-03,１６８００\n"
    failed = await imported_file(aid, {**params, "reference": "CSV-2"}, broken.encode(), done="failed")
    errors = (await aid.get(failed["links"]["errors"])).json()["items"]
    assert [(e["row_number"], e["field"]) for e in errors] == [(10, "participant_id"), (11, "period"), (12, "amount")]
    assert (failed["row_errors"], failed["invoice_id"]) == (3, None)
    assert clean.sql("contribution-aid", "SELECT count(*) FROM invoices") == [(1,)]
    semicolons = body.replace(",", ";")
    status = await imported_file(aid, {**params, "reference": "CSV-3"}, semicolons.encode())
    assert (await aid.get(status["links"]["invoice"])).json()["matched"] == 9


async def test_invoice_bills_one_payer(clean, aid, aid_events):
    budget, people = await funded_population(aid, aid_events, count=1)
    company = await new_budget(aid, funding_source="csr", payer={"kind": "company", "ref": "PT Sawit Jaya"})
    response = await aid.post("/v1/invoices", json={**invoice(budget, clean_lines(people)),
                                                    "budget_ids": [budget["id"], company["id"]]})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "budget_ids"
    response = await aid.post("/v1/invoices", json={**invoice(budget, clean_lines(people)),
                                                    "budget_ids": [str(uuid.uuid4())]})
    assert response.status_code == 422


async def test_treasurer_pays_and_the_berau_pack_holds_decree_invoice_and_transfer(clean, api, aid, aid_events):
    budget, people = await funded_population(aid, aid_events, count=2, regency_code="6405")
    decree = await aid.post("/v1/decrees", json={"regency_code": "6405", "scheme": "vulnerable_worker_aid",
                                                 "number": "188.45/1/2026", "decree_date": "2026-01-05"})
    assert decree.status_code == 201, decree.text
    imported = (await aid.post("/v1/invoices", json=invoice(budget, clean_lines(people)))).json()
    clerk = await api("contribution-aid", key=CLIENT_KEYS["clerk-6101"])
    treasurer = await api("contribution-aid", key=CLIENT_KEYS["treasurer-6405"])
    payment = {"transfer_reference": "SP2D-0042/2026", "paid_on": "2026-04-10"}
    assert (await clerk.post(f"/v1/invoices/{imported['id']}/payments", json=payment)).status_code == 403
    assert (await aid.get(f"/v1/budgets/{budget['id']}/accountability",
                          params={"period_start": "2026-03", "period_end": "2026-03", "format": "json"})
            ).json()["missing"] == ["bpjs_data_update", "transfer_proof"]
    paid = await treasurer.post(f"/v1/invoices/{imported['id']}/payments", json=payment)
    assert paid.status_code == 201, paid.text
    assert paid.json()["payment"]["amount"] == imported["matched_total"] == 6 * 16_800
    assert (await aid.post(f"/v1/invoices/{imported['id']}/payments", json=payment)).status_code == 409
    event = clean.sql(
        "contribution-aid", "SELECT envelope->'payload' FROM outbox WHERE event_type = 'ContributionPaid'"
    )
    assert event[0][0]["transfer_reference"] == "SP2D-0042/2026" and event[0][0]["amount"] == 6 * 16_800

    url = f"/v1/budgets/{budget['id']}/accountability"
    pack = (await aid.get(url, params={"period_start": "2026-03", "period_end": "2026-03", "format": "json"})).json()
    status = {d["code"]: d["status"] for d in pack["documents"]}
    assert status == {"recipient_decree": "present", "bpjs_data_update": "missing", "bpjs_invoice": "present",
                      "transfer_proof": "present"}
    assert "Perbup Berau No. 44/2024 Pasal 23 huruf d" in pack["citations"]
    two_months = (await aid.get(url, params={"period_start": "2026-02", "period_end": "2026-03",
                                             "format": "json"})).json()
    assert two_months["missing"] == ["bpjs_data_update", "bpjs_invoice", "transfer_proof"]  # February not invoiced
    response = await aid.get(url, params={"period_start": "2026-03", "period_end": "2026-03"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["decrees.json", "invoice_lines.csv", "pack.json", "payments.csv"]
    assert orjson.loads(archive.read("decrees.json"))[0]["recipients"] == [str(p) for p in people]
    assert archive.read("invoice_lines.csv").decode().count("\n") == 1 + 6
    assert "SP2D-0042/2026" in archive.read("payments.csv").decode()


async def test_documents_the_service_does_not_make_are_recorded_for_the_berau_company_pack(clean, aid):
    csr = await new_budget(aid, regency_code="6405", funding_source="csr",
                           payer={"kind": "company", "ref": "PT Berau Coal"})
    url = f"/v1/budgets/{csr['id']}/documents"
    body = {"code": "regent_certificate", "reference": "PIAGAM/12/2026", "period_start": "2026-01",
            "period_end": "2026-12", "dated": "2026-02-01"}
    assert (await aid.post(url, json=body)).status_code == 201
    assert (await aid.post(url, json={**body, "code": "selfie"})).status_code == 422
    pack = (await aid.get(f"/v1/budgets/{csr['id']}/accountability",
                          params={"period_start": "2026-03", "period_end": "2026-03", "format": "json"})).json()
    assert pack["pack_kind"] == "company"
    assert pack["missing"] == ["bpjs_data_update", "bpjs_invoice", "transfer_proof", "csr_report"]
    assert "Perbup Berau No. 44/2024 Pasal 24" in pack["citations"]
    sambas = await new_budget(aid)
    pack = (await aid.get(f"/v1/budgets/{sambas['id']}/accountability",
                          params={"period_start": "2026-03", "period_end": "2026-03", "format": "json"})).json()
    assert (pack["documents"], pack["pack_kind"]) == ([], None)  # Sambas lists no documents; the pack says so
    assert pack["note"]


async def test_a_large_import_reconciled_page_by_page_equals_the_json_import(clean, aid, aid_events, job_runner,
                                                                            monkeypatch):
    monkeypatch.setattr("contribution_aid.invoices.imports.PAGE_LINES", 5)  # people split over many pages
    monkeypatch.setattr("contribution_aid.invoices.imports.CHUNK_LINES", 4)
    await job_runner("contribution-aid")
    budget, people = await funded_population(aid, aid_events, count=5)
    await aid_events.terminated(people[0], "6101", "deceased", dt.date(2026, 2, 3))
    lines = clean_lines(people) + [{"participant_id": str(people[4]), "period": "2026-02", "amount": 16_800},
                                   {"participant_id": str(uuid.uuid4()), "period": "2026-03", "amount": 16_800}]
    by_json = (await aid.post("/v1/invoices", json=invoice(budget, lines, "JSON-1"))).json()
    body = "participant_id,period,amount\n" + "".join(f"{x['participant_id']},{x['period']},{x['amount']}\n"
                                                      for x in lines)
    params = {"regency_code": "6101", "reference": "FILE-1", "period": "2026-03", "budget_id": budget["id"]}
    status = await imported_file(aid, params, body.encode())
    by_file = (await aid.get(status["links"]["invoice"])).json()
    assert {k: by_file[k] for k in ("lines", "matched", "billed_total", "matched_total", "counts")} == {
        k: by_json[k] for k in ("lines", "matched", "billed_total", "matched_total", "counts")}
    assert by_file["counts"]["amount_mismatch"] == 1  # the duplicate February line, though people span pages
    flags = (await aid.get(f"/v1/invoices/{by_file['id']}/discrepancies")).json()["items"]
    assert [(d["line_no"], d["kind"]) for d in flags] == [(d["line_no"], d["kind"]) for d in by_json["discrepancies"]]
