"""docs/API.md §15 complaints in the registry: intake with working-day due dates, the §13 list,
the timeline of assign/note/decide/close, the daily escalation (idempotent), need-to-know access,
automatic complaints from other services' findings, data-subject export and the breach register."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import uuid
from pathlib import Path

from shared.db import make_engine, make_sessionmaker
from shared.events.contribution_aid import InvoiceReconciled
from shared.events.eligibility import TerminationRecommended
from shared.events.sanctions import SanctionRequested
from shared.outbox import add_event
from tests.factories import participant_body
from tests.integration.conftest import CLIENT_KEYS, eventually
from tests.integration.registry.helpers import employer_body, events_about

ROOT = Path(__file__).resolve().parents[3]


def complaint(regency_code: str = "6101", **overrides) -> dict:
    body = {"regency_code": regency_code, "channel": "counter", "category": "aid_not_received",
            "complainant": {"name": "Rina Wulandari", "contact": "0812-5555-0101"},
            "description": "Bantuan iuran bulan Februari tidak tercatat di BPJS.", "received_on": "2026-03-17"}
    body.update(overrides)
    return body


async def test_intake_counts_working_days_and_events_carry_no_personal_data(infra, api):
    registry = await api("registry")
    created = await registry.post("/v1/complaints", json=complaint("6405", category="bpjs_service"))
    assert created.status_code == 201, created.text
    # 18 joint leave, 19 Nyepi, 20 joint leave, 21-22 Idul Fitri, 23-24 joint leave: 25, 26, 27
    assert (created.json()["stage"], created.json()["due_date"]) == ("received", "2026-03-27")
    received = events_about(infra, "ComplaintReceived", "complaint_id", created.json()["id"])
    assert [(e["category"], e["channel"], e["source"]) for e in received] == [("bpjs_service", "counter", "manual")]
    assert "Rina" not in str(received) and "0812" not in str(received)
    stored = infra.sql("registry", "SELECT complainant_name_cipher, description_cipher FROM complaints WHERE id = %s",
                       (created.json()["id"],))[0]
    assert "Rina" not in stored[0] and "Bantuan" not in stored[1]


async def test_bad_intake_is_422_naming_the_allowed_ids(infra, api):
    registry = await api("registry")
    for overrides, field in [({"channel": "fax"}, "channel"), ({"category": "noise"}, "category"),
                             ({"channel": "sp4n_lapor"}, "lapor_tracking_id"), ({"channel": "system"}, "channel"),
                             ({"regency_code": "9999"}, "regency_code")]:
        response = await registry.post("/v1/complaints", json=complaint(**overrides))
        assert response.status_code in (403, 422), overrides
        if response.status_code == 422:
            assert [e["field"] for e in response.json()["errors"]] == [field], overrides
    lapor = await registry.post("/v1/complaints", json=complaint(channel="sp4n_lapor", lapor_tracking_id="LAPOR-1"))
    assert lapor.status_code == 201


async def test_an_intake_sent_twice_with_one_idempotency_key_is_one_complaint(infra, api):
    """A double click at the counter (the console sends an Idempotency-Key with its form)."""
    registry = await api("registry")
    body = complaint("6309", description=f"Dikirim dua kali {uuid.uuid4()}")
    headers = {"Idempotency-Key": f"intake-{uuid.uuid4()}"}
    before = infra.sql("registry", "SELECT count(*) FROM complaints")[0][0]
    first = await registry.post("/v1/complaints", json=body, headers=headers)
    again = await registry.post("/v1/complaints", json=body, headers=headers)
    assert first.status_code == again.status_code == 201, (first.text, again.text)
    assert again.json() == first.json()
    assert len(events_about(infra, "ComplaintReceived", "complaint_id", first.json()["id"])) == 1
    assert infra.sql("registry", "SELECT count(*) FROM complaints")[0][0] == before + 1
    other = await registry.post("/v1/complaints", json={**body, "description": "lain"}, headers=headers)
    assert other.status_code == 422  # the key reused with another body


async def test_vocabularies_serve_channels_categories_and_stages(infra, api):
    registry = await api("registry")
    vocab = (await registry.get("/v1/vocabularies", params={"regency_code": "6405"})).json()
    categories = {c["id"]: c for c in vocab["complaint_categories"]}
    assert categories["bpjs_service"]["citation"] == "Perbup Berau No. 44/2024 Pasal 25"
    assert categories["bpjs_service"]["label"] == "Pelayanan BPJS Ketenagakerjaan"
    assert [(s["id"], s.get("working_days")) for s in vocab["complaint_stages"]][:3] == [
        ("received", 3), ("in_progress", 5), ("answered", 10)]
    assert {c["id"] for c in vocab["complaint_channels"]} >= {"counter", "phone", "letter", "web", "sp4n_lapor"}


async def test_list_pages_and_filters(clean, api):
    registry = await api("registry")
    ids = [(await registry.post("/v1/complaints", json=complaint("6309", category=category))).json()["id"]
           for category in ("other", "bpjs_service", "other")]
    await registry.post("/v1/complaints", json=complaint("6309", received_on=dt.date.today().isoformat()))
    seen, cursor = [], None
    while True:
        page = (await registry.get("/v1/complaints", params={"regency_code": "6309", "limit": 2,
                                                              **({"cursor": cursor} if cursor else {})})).json()
        seen += [i["id"] for i in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert seen[:3] == ids and len(seen) == 4
    other = (await registry.get("/v1/complaints", params={"regency_code": "6309", "category": "other"})).json()
    assert [i["id"] for i in other["items"]] == [ids[0], ids[2]]
    overdue = (await registry.get("/v1/complaints", params={"regency_code": "6309", "overdue": "true"})).json()
    assert [i["id"] for i in overdue["items"]] == ids
    for params in ({"colour": "red"}, {"stage": "limbo"}, {"overdue": "maybe"}, {"limit": 501}, {"cursor": "zz"}):
        response = await registry.get("/v1/complaints", params={"regency_code": "6309", **params})
        assert response.status_code == 422, params
    # masked for a reader without pii:read, who is not the assignee
    viewer = await api("registry", key=CLIENT_KEYS["no-pii-reader"])
    item = (await viewer.get("/v1/complaints", params={"regency_code": "6309", "limit": 1})).json()["items"][0]
    assert item["complainant"]["name"] == "R***" and item["description"] is None


async def test_timeline_assign_note_decide_close(infra, api):
    registry = await api("registry")
    cid = (await registry.post("/v1/complaints", json=complaint())).json()["id"]
    closing_early = await registry.post(f"/v1/complaints/{cid}/closure", json={"letter_number": "X"})
    assert closing_early.status_code == 409
    assigned = await registry.post(f"/v1/complaints/{cid}/assignment",
                                   json={"assignee": "handler-6101", "on": "2026-03-25"})
    assert assigned.json() == {"id": cid, "stage": "in_progress", "due_date": "2026-04-01"}
    await registry.post(f"/v1/complaints/{cid}/notes", json={"text": "Dicek ke BPJS cabang."})
    decided = await registry.post(f"/v1/complaints/{cid}/decision", json={
        "decision": "upheld", "reasons": "Iuran terlambat dibayar.", "citation": "Pasal 29", "on": "2026-03-30"})
    assert decided.json()["stage"] == "answered"
    closed = await registry.post(f"/v1/complaints/{cid}/closure",
                                 json={"letter_number": "500/123/DISNAKER/2026", "sent_on": "2026-04-02"})
    assert closed.json()["stage"] == "closed"
    read = (await registry.get(f"/v1/complaints/{cid}")).json()
    assert [e["kind"] for e in read["timeline"]] == ["received", "assigned", "note", "decided", "closed"]
    assert read["timeline"][3]["text"] == "Iuran terlambat dibayar." and read["decision_citation"] == "Pasal 29"
    assert read["letter_number"] == "500/123/DISNAKER/2026"
    resolved = events_about(infra, "ComplaintResolved", "complaint_id", cid)
    assert [(e["decision"], e["closed_on"], e["on_time"]) for e in resolved] == [("upheld", "2026-04-02", True)]


async def test_daily_job_escalates_each_overdue_stage_once_and_never_closes(infra, api):
    registry = await api("registry")
    cid = (await registry.post("/v1/complaints", json=complaint(received_on="2026-06-01"))).json()["id"]
    for _ in range(2):
        run = subprocess.run([sys.executable, "-m", "registry", "complaints-overdue", "--as-of", "2026-06-10"],
                             cwd=ROOT, env={**os.environ, **infra.env}, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
    escalated = events_about(infra, "ComplaintEscalated", "complaint_id", cid)
    assert [(e["stage"], e["due_date"], e["escalated_to"]) for e in escalated] == [
        ("received", "2026-06-04", "kepala_dinas")]
    read = (await registry.get(f"/v1/complaints/{cid}")).json()
    assert (read["stage"], read["overdue"], read["escalated_to"]) == ("received", True, "kepala_dinas")
    assert [e["kind"] for e in read["timeline"]] == ["received", "escalated"]
    await registry.post(f"/v1/complaints/{cid}/assignment", json={"assignee": "x", "on": "2026-06-11"})
    await registry.post(f"/v1/complaints/{cid}/decision", json={
        "decision": "rejected", "reasons": "Bukan kewenangan daerah.", "citation": "Pasal 25", "on": "2026-06-12"})
    await registry.post(f"/v1/complaints/{cid}/closure", json={"letter_number": "L-1", "sent_on": "2026-06-15"})
    assert [e["on_time"] for e in events_about(infra, "ComplaintResolved", "complaint_id", cid)] == [False]


async def test_need_to_know_the_assignee_sees_only_what_the_complaint_names(infra, api):
    registry = await api("registry")
    pid = (await registry.post("/v1/participants", json=participant_body("6101"))).json()["id"]
    body = complaint(complainant={"name": "Budi Santoso", "contact": "0813-1", "participant_id": pid},
                     subject={"kind": "participant", "id": pid}, category="wrongly_terminated")
    cid = (await registry.post("/v1/complaints", json=body)).json()["id"]
    handler = await api("registry", key=CLIENT_KEYS["handler-6101"])
    assert (await handler.get(f"/v1/complaints/{cid}")).status_code == 404
    await registry.post(f"/v1/complaints/{cid}/assignment", json={"assignee": "handler-6101"})
    seen = (await handler.get(f"/v1/complaints/{cid}", params={"purpose": "pengaduan"})).json()
    assert seen["complainant"]["name"] == "Budi Santoso" and seen["description"]
    records = (await handler.get(f"/v1/complaints/{cid}/records", params={"purpose": "pengaduan"})).json()
    assert [p["id"] for p in records["participants"]] == [pid]
    assert records["participants"][0]["nik_masked"] is True and records["participants"][0].get("address") is None
    assert (await handler.get(f"/v1/participants/{pid}")).status_code == 403
    listed = (await handler.get("/v1/complaints", params={"regency_code": "6101"})).json()["items"]
    assert cid in [i["id"] for i in listed] and {i["assignee"] for i in listed} == {"handler-6101"}
    reads = infra.sql("registry", "SELECT client, purpose FROM audit_log WHERE subject_id = %s", (cid,))
    assert ("handler-6101", "pengaduan") in [tuple(r) for r in reads]
    await handler.post(f"/v1/complaints/{cid}/notes", json={"text": "Menghubungi pelapor."})
    assert (await handler.post(f"/v1/complaints/{cid}/closure", json={"letter_number": "x"})).status_code == 403


async def _emit(infra, service: str, payload, regency_code: str) -> None:
    engine = make_engine(infra.db_url(service), pool_size=1)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            await add_event(session, payload, regency_code=regency_code)
    finally:
        await engine.dispose()


async def _automatic(infra, finding_key: str):
    async def found():
        rows = infra.sql("registry", "SELECT id, category, subject_kind, subject_id, channel, source FROM complaints "
                                     "WHERE finding_key = %s", (finding_key,))
        return rows or None
    return await eventually(found, timeout=30)


async def test_automatic_complaints_from_invoices_and_unknown_employers_once_each(infra, api, workers):
    await workers("contribution-aid", "sanctions", "registry")
    invoice_id = uuid.uuid4()
    reconciled = InvoiceReconciled(invoice_id=invoice_id, period="2026-03", lines=10, matched=7, amount=168000,
                                   discrepancies={"unknown_person": 2, "deceased_recipient": 1, "amount_mismatch": 1})
    for _ in range(2):  # the same finding reported twice opens one complaint
        await _emit(infra, "contribution-aid", reconciled, "6101")
    rows = await _automatic(infra, f"invoice:{invoice_id}:unknown_person")
    assert [r[1:] for r in rows] == [("bpjs_service", "invoice", str(invoice_id), "system", "automatic")]
    await _automatic(infra, f"invoice:{invoice_id}:deceased_recipient")
    registry = await api("registry")
    known = (await registry.post("/v1/employers", json=employer_body("6101"))).json()["id"]
    cases = {}
    for employer_id in (known, str(uuid.uuid4())):
        cases[employer_id] = uuid.uuid4()
        await _emit(infra, "sanctions", SanctionRequested(
            case_id=cases[employer_id], case_number=f"C-{employer_id[:4]}", subject_kind="employer",
            subject_id=employer_id, employer_id=employer_id, violation="not_registered", state="requested",
            requested_by="petugas"), "6101")
    unknown = [e for e in cases if e != known][0]
    rows = await _automatic(infra, f"sanction-unknown-employer:{cases[unknown]}")
    assert [r[1:4] for r in rows] == [("employer_not_registering", "case", str(cases[unknown]))]
    total = infra.sql("registry", "SELECT finding_key FROM complaints WHERE finding_key LIKE %s OR finding_key LIKE %s",
                      (f"invoice:{invoice_id}:%", f"sanction-unknown-employer:{cases[known]}"))
    assert sorted(r[0].rsplit(":", 1)[1] for r in total) == ["deceased_recipient", "unknown_person"]


async def test_data_subject_access_export_lists_sources_and_readers(infra, api):
    registry = await api("registry")
    body = participant_body("6101")
    pid = (await registry.post("/v1/participants", json=body)).json()["id"]
    officer = await api("registry", key=CLIENT_KEYS["pii-officer"])
    await officer.get(f"/v1/participants/{pid}", params={"purpose": "verifikasi"})
    filed = await registry.post("/v1/data-subject-requests",
                                json={"regency_code": "6101", "kind": "access", "nik": body["nik"]})
    assert filed.status_code == 201, filed.text
    request = filed.json()
    assert request["citation"] == "UU 27/2022 Pasal 32" and request["nik"] != body["nik"]
    # the DPO in force (dated, cited, in complaints.yaml): no contact until the regency publishes one
    assert request["dpo"] == {"office": "Pejabat Pelindungan Data Pribadi Pemerintah Kabupaten Sambas",
                              "contact": None, "published": False, "valid_from": "2024-10-17",
                              "citation": "UU 27/2022 Pasal 53"}
    due = dt.datetime.fromisoformat(request["due_at"]) - dt.datetime.fromisoformat(request["received_at"])
    assert due == dt.timedelta(hours=72)
    assert (await registry.get(f"/v1/data-subject-requests/{request['id']}/export")).status_code == 200  # admin
    clerk = await api("registry", key=CLIENT_KEYS["clerk-6101"])
    assert (await clerk.get(f"/v1/data-subject-requests/{request['id']}/export")).status_code == 403
    export = (await officer.get(f"/v1/data-subject-requests/{request['id']}/export")).json()
    assert [p["nik"] for p in export["participants"]] == [body["nik"]]
    assert export["participants"][0]["source"]["registered_by"]
    assert ("pii-officer", "verifikasi") in [(r["client"], r["purpose"]) for r in export["reads"]]
    assert export["request"]["state"] == "answered" and export["controller"]["dpo"]["citation"] == "UU 27/2022 Pasal 53"
    correction = (await registry.post("/v1/data-subject-requests", json={
        "regency_code": "6101", "kind": "correction", "nik": body["nik"], "details": "Alamat salah"})).json()
    assert correction["routed_to"].startswith("registry") and correction["citation"] == "UU 27/2022 Pasal 30"
    bad = await registry.post("/v1/data-subject-requests", json={"regency_code": "6101", "kind": "access",
                                                                 "nik": "1234567890123456"})
    assert bad.status_code == 422


async def test_breach_register_sets_the_three_times_24_hour_deadline(infra, api):
    registry = await api("registry")
    recorded = await registry.post("/v1/breaches", json={
        "regency_code": "6207", "discovered_at": "2026-03-20T09:00:00+07:00", "description": "Laptop hilang",
        "data_kinds": ["nik", "address"], "subjects_affected": 120})
    assert recorded.status_code == 201, recorded.text
    breach = recorded.json()
    assert dt.datetime.fromisoformat(breach["notify_by"]) == dt.datetime.fromisoformat("2026-03-23T09:00:00+07:00")
    assert breach["citation"] == "UU 27/2022 Pasal 46"
    assert breach["dpo"]["citation"] == "UU 27/2022 Pasal 53" and breach["dpo"]["published"] is False
    notified = await registry.post(f"/v1/breaches/{breach['id']}/notification",
                                   json={"notified_at": "2026-03-21T10:00:00+07:00"})
    assert notified.json()["notified_at"]
    listed = (await registry.get("/v1/breaches", params={"regency_code": "6207"})).json()
    assert breach["id"] in [b["id"] for b in listed]


async def test_a_nik_conflict_in_a_candidate_import_opens_one_complaint(infra, api, job_runner):
    from tests.integration.registry.test_registry_candidates import extract, imported
    await job_runner("registry")
    registry = await api("registry")
    body = participant_body("6101")
    pid = (await registry.post("/v1/participants", json=body)).json()["id"]
    params = {"regency_code": "6101", "data_source": "dtks"}
    for _ in range(2):  # the same extract twice: one finding, one complaint
        await imported(registry, params, extract([f"{body['nik']},Orang Lain,,{body['sex']},,,,,"]))
    rows = infra.sql("registry", "SELECT category, subject_kind, channel, finding_key FROM complaints "
                                 "WHERE subject_id = %s AND source = 'automatic'", (pid,))
    assert [r[:3] for r in rows] == [("data_correction", "participant", "system")]
    assert "Orang" not in rows[0][3] and body["nik"] not in rows[0][3]
    await imported(registry, params, extract([f"{body['nik']},{body['full_name']},,{body['sex']},,,,,"]))
    assert len(infra.sql("registry", "SELECT id FROM complaints WHERE subject_id = %s", (pid,))) == 1


def _wrongly_terminated_article(regency_code: str) -> str:
    from registry.profiles import complaints_profile
    from shared.regulation import Citation

    profile = complaints_profile(regency_code)
    return str(Citation.parse(profile.categories["wrongly_terminated"].citation, regulation=profile.regulation))


async def test_a_contested_termination_is_recorded_on_it_and_opens_one_complaint(infra, api):
    registry = await api("registry")
    pid = (await registry.post("/v1/participants", json=participant_body("6309"))).json()["id"]
    started = await registry.post(f"/v1/participants/{pid}/memberships",
                                  json={"programs": ["JKK", "JKM"], "start_date": "2026-01-01", "funding": "self"})
    enrollment = started.json()["membership_id"]
    ended = await registry.post(f"/v1/participants/{pid}/terminations",
                                json={"reason": "moved_out", "effective_date": "2026-03-01"})
    assert ended.status_code == 201, ended.text
    url = f"/v1/participants/{pid}/termination-contests"
    body = {"membership_id": enrollment, "received_on": "2026-03-10", "grounds": "Saya masih tinggal di Desa Mabuun"}
    first = await registry.post(url, json=body)
    assert first.status_code == 201, first.text
    contest = first.json()
    assert (contest["target"], contest["membership_id"], contest["reason"]) == ("termination", enrollment, "moved_out")
    assert contest["citation"] == _wrongly_terminated_article("6309") == "Perbup Tabalong No. 5/2025 Pasal 21 ayat (6)"
    again = await registry.post(url, json=body)
    assert again.status_code == 200 and again.json() == contest  # exactly once
    rows = infra.sql("registry", "SELECT id, category, channel, source, subject_kind, subject_id, "
                                 "complainant_participant_id FROM complaints WHERE finding_key LIKE %s",
                     (f"termination-contested:{pid}:%",))
    assert [r[1:] for r in rows] == [("wrongly_terminated", "system", "automatic", "participant", pid,
                                      uuid.UUID(pid))]
    assert str(rows[0][0]) == contest["complaint_id"]
    # outbox: one ComplaintReceived and one TerminationContested, neither with the grounds
    received = events_about(infra, "ComplaintReceived", "complaint_id", contest["complaint_id"])
    contested = events_about(infra, "TerminationContested", "contest_id", contest["id"])
    assert len(received) == 1 and len(contested) == 1
    assert contested[0]["citation"] == contest["citation"] and contested[0]["membership_id"] == enrollment
    assert "Mabuun" not in str(received + contested)
    assert "Mabuun" not in str(infra.sql("registry", "SELECT grounds_cipher FROM termination_contests"))
    # recorded on the termination: the membership history names the contest on the closing versions
    history = (await registry.get(f"/v1/participants/{pid}/memberships")).json()
    closing = [i for i in history["items"] if i["end_date"]]
    assert len(closing) == 2 and {i["contested_by"] for i in closing} == {contest["id"]}
    assert [c["id"] for c in history["contests"]] == [contest["id"]]
    # the complaint tells the handler what is contested and why (sealed, read in clear by pii:read)
    read = (await registry.get(f"/v1/complaints/{contest['complaint_id']}")).json()
    assert "moved_out" in read["description"] and "Mabuun" in read["description"]


async def test_contest_refuses_what_is_not_a_termination_of_the_person(infra, api):
    registry = await api("registry")
    pid = (await registry.post("/v1/participants", json=participant_body("6101"))).json()["id"]
    started = await registry.post(f"/v1/participants/{pid}/memberships",
                                  json={"programs": ["JKK"], "start_date": "2026-01-01", "funding": "self"})
    url = f"/v1/participants/{pid}/termination-contests"
    for body, field in (({"membership_id": started.json()["membership_id"]}, "membership_id"),  # still active
                        ({"membership_id": str(uuid.uuid4())}, "membership_id"),
                        ({"reason": "bored", "quarter": "2026-Q1"}, "reason"),
                        ({"reason": "deceased", "quarter": "2026-05"}, "quarter"),
                        ({"reason": "deceased", "quarter": "2026-Q1"}, "reason"),  # never recommended
                        ({"membership_id": started.json()["membership_id"], "reason": "deceased"}, "membership_id")):
        refused = await registry.post(url, json={**body, "received_on": "2026-03-10"})
        assert refused.status_code == 422, refused.text
        assert refused.json()["errors"][0]["field"] == field
    other = await api("registry", key=CLIENT_KEYS["clerk-6101"])
    elsewhere = (await registry.post("/v1/participants", json=participant_body("6207"))).json()["id"]
    hidden = await other.post(f"/v1/participants/{elsewhere}/termination-contests",
                              json={"reason": "deceased", "quarter": "2026-Q1", "received_on": "2026-03-10"})
    assert hidden.status_code == 404
    assert infra.sql("registry", "SELECT count(*) FROM termination_contests WHERE participant_id IN (%s, %s)",
                     (pid, elsewhere)) == [(0,)]


async def test_a_contested_recommendation_cites_each_regencys_article(infra, api, workers):
    """Re-verification recommended a termination (eligibility's TerminationRecommended, consumed by the
    registry); the person contests it before any decree: the contest cites the regency's
    wrongly_terminated article. A recommendation re-verification never made cannot be contested."""
    from registry.profiles import registry_profile

    await workers("eligibility", "registry")
    registry = await api("registry")
    for code in ("5304", "6101", "6207", "6309", "6405"):
        pid = (await registry.post("/v1/participants", json=participant_body(code))).json()["id"]
        reason = registry_profile(code).termination.reasons[0].id
        url, body = f"/v1/participants/{pid}/termination-contests", {
            "reason": reason, "quarter": "2026-Q1", "received_on": "2026-04-02"}
        early = await registry.post(url, json=body)
        assert early.status_code == 422 and early.json()["errors"][0]["field"] == "reason", early.text
        await _emit(infra, "eligibility", TerminationRecommended(
            participant_id=pid, reason=reason, as_of="2026-03-31", citation="Pasal 20(1)", quarter="2026-Q1"), code)
        await eventually(lambda pid=pid: infra.sql("registry", "SELECT 1 FROM recommended_terminations WHERE "
                                                               "participant_id = %s", (pid,)), timeout=30)
        answer = await registry.post(url, json=body)
        assert answer.status_code == 201, (code, answer.text)
        contest = answer.json()
        assert (contest["target"], contest["quarter"], contest["membership_id"]) == ("recommendation", "2026-Q1", None)
        assert contest["citation"] == _wrongly_terminated_article(code), code
        assert infra.sql("registry", "SELECT category FROM complaints WHERE id = %s",
                         (contest["complaint_id"],)) == [("wrongly_terminated",)]
