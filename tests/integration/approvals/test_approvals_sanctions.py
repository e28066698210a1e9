"""Two-person control of sanctions (docs/API.md §14): a person's imposing or lifting is a proposal;
the clearance answer and the SanctionImposed/SanctionLifted events change only after another
person with the approving role approves; self-approval 403; reject needs a note; withdrawal."""
from __future__ import annotations

import uuid

from tests.integration.approvals.persons import as_person, decide, head, maker, outbox, person, proposed
from tests.integration.sanctions.helpers import clearance, known_to_sanctions, open_case, post

SAMBAS = "6101"
IMPOSE = {"decision": "impose", "decree_number": "800/7/2026", "services": ["business_license"],
          "date": "2026-11-02"}


async def _case(sanctions, infra, employer):
    known_to_sanctions(infra, employer, SAMBAS)  # as the registry's EmployerRegistered would
    return await open_case(sanctions, SAMBAS, employer, date="2026-11-01")


async def test_imposing_takes_effect_only_when_the_office_head_approves(clean, api, infra):
    sanctions = await api("sanctions")
    employer = uuid.uuid4()
    case = await _case(sanctions, infra, employer)
    officer = await as_person(api, infra, "sanctions", maker(SAMBAS))
    approval_id = await proposed(await officer.post(f"/v1/cases/{case['id']}/decisions", json=IMPOSE,
                                                    params={"reason": "Pemberi kerja tidak mendaftar"}),
                                 "sanction.impose")

    assert (await sanctions.get(f"/v1/cases/{case['id']}")).json()["state"] == case["state"]
    assert (await clearance(sanctions, SAMBAS, "business_license", employer_id=str(employer)))["allowed"] is True
    assert outbox(infra, "sanctions", "SanctionImposed") == []
    assert await decide(officer, approval_id, expect=403)  # the maker never approves
    head_client = await as_person(api, infra, "sanctions", head(SAMBAS))
    pending = (await head_client.get("/v1/approvals", params={"state": "pending", "regency_code": SAMBAS})).json()
    assert [item["id"] for item in pending["items"]] == [approval_id]
    assert pending["items"][0]["preview"]["state"] == "imposed"  # what it would do, shown to the approver

    done = await decide(head_client, approval_id, note="sesuai berita acara")
    assert (done["state"], done["result"]["state"]) == ("executed", "imposed")
    assert (done["maker"]["id"], done["maker"]["name"], done["reason"]) == (
        "petugas-6101", "Andi Petugas", "Pemberi kerja tidak mendaftar")
    assert [(d["id"], d["nip"], d["role"], d["decision"]) for d in done["deciders"]] == [
        ("kadis-6101-1", "197501012000031001", "kepala_dinas", "approve")]
    assert (await clearance(sanctions, SAMBAS, "business_license", employer_id=str(employer)))["allowed"] is False
    [event] = outbox(infra, "sanctions", "SanctionImposed")
    assert (event["proposed_by"], event["approved_by"]) == ("petugas-6101", "kadis-6101-1")
    history = (await sanctions.get(f"/v1/cases/{case['id']}")).json()["history"]
    assert "person:petugas-6101" in history[-1]["actor"] and "person:kadis-6101-1" in history[-1]["actor"]
    assert await decide(head_client, approval_id, expect=409)  # decided once
    trail = infra.sql("sanctions", "SELECT action, person_id, person_nip, detail->'maker'->>'id', client "
                                   "FROM audit_log WHERE subject_id IN (%s, %s) ORDER BY id", (approval_id, case["id"]))
    both = "person:petugas-6101 + person:kadis-6101-1"
    assert [row for row in trail if row[0].startswith(("approval.", "SanctionImposed"))] == [
        ("approval.proposed", "petugas-6101", None, None, "person:petugas-6101"),
        ("SanctionImposed", "kadis-6101-1", "197501012000031001", None, both),
        ("approval.approved", "kadis-6101-1", "197501012000031001", "petugas-6101", "person:kadis-6101-1")]


async def test_a_maker_holding_the_approving_role_still_cannot_approve_their_own(clean, api, infra):
    sanctions = await api("sanctions")
    case = await _case(sanctions, infra, uuid.uuid4())
    both = await as_person(api, infra, "sanctions", maker(SAMBAS, roles=("petugas", "kepala_dinas")))
    approval_id = await proposed(await both.post(f"/v1/cases/{case['id']}/decisions", json=IMPOSE),
                                 "sanction.impose")
    problem = await decide(both, approval_id, expect=403)
    assert problem["type"].endswith("self-approval")
    assert outbox(infra, "sanctions", "SanctionImposed") == []


async def test_lifting_by_a_persons_proof_waits_for_approval(clean, api, infra):
    sanctions = await api("sanctions")
    employer = uuid.uuid4()
    case = await _case(sanctions, infra, employer)
    await post(sanctions, f"/v1/cases/{case['id']}/decisions", IMPOSE)  # a system acts at once
    officer = await as_person(api, infra, "sanctions", maker(SAMBAS))
    fine = await officer.post(f"/v1/cases/{case['id']}/evidence",
                              json={"kind": "fine_paid", "reference": "NTPN-1", "date": "2026-11-03"})
    assert fine.status_code == 200, fine.text  # proof that does not lift is recorded at once
    approval_id = await proposed(await officer.post(f"/v1/cases/{case['id']}/evidence", json={
        "kind": "registered", "reference": "BPJS-REG-9", "date": "2026-11-04"}), "sanction.lift")
    assert (await sanctions.get(f"/v1/cases/{case['id']}")).json()["state"] == "imposed"
    assert (await clearance(sanctions, SAMBAS, "business_license", employer_id=str(employer)))["allowed"] is False
    assert outbox(infra, "sanctions", "SanctionLifted") == []

    head_client = await as_person(api, infra, "sanctions", head(SAMBAS))
    done = await decide(head_client, approval_id)
    assert (done["state"], done["result"]["state"], done["result"]["lifted_on"]) == ("executed", "lifted",
                                                                                     "2026-11-04")
    assert (await clearance(sanctions, SAMBAS, "business_license", employer_id=str(employer)))["allowed"] is True
    [event] = outbox(infra, "sanctions", "SanctionLifted")
    assert (event["proposed_by"], event["approved_by"]) == ("petugas-6101", "kadis-6101-1")


async def test_rejecting_needs_a_note_and_changes_nothing(clean, api, infra):
    sanctions = await api("sanctions")
    employer = uuid.uuid4()
    case = await _case(sanctions, infra, employer)
    officer = await as_person(api, infra, "sanctions", maker(SAMBAS))
    approval_id = await proposed(await officer.post(f"/v1/cases/{case['id']}/decisions", json=IMPOSE),
                                 "sanction.impose")
    head_client = await as_person(api, infra, "sanctions", head(SAMBAS))
    assert (await decide(head_client, approval_id, "reject", expect=422))["type"].endswith("note-required")
    assert (await decide(head_client, approval_id, "reject", note="a\x07b", expect=422))["errors"][0]["field"] == "note"
    refused = await officer.post(f"/v1/cases/{case['id']}/decisions", json=IMPOSE, params={"reason": "x\x1by"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "reason"
    rejected = await decide(head_client, approval_id, "reject", note="Surat BPJS belum lengkap")
    assert (rejected["state"], rejected["deciders"][0]["note"]) == ("rejected", "Surat BPJS belum lengkap")
    assert (await decide(head_client, approval_id, expect=409))["type"].endswith("approval-not-pending")
    assert (await sanctions.get(f"/v1/cases/{case['id']}")).json()["state"] == case["state"]
    assert (await clearance(sanctions, SAMBAS, "business_license", employer_id=str(employer)))["allowed"] is True
    assert outbox(infra, "sanctions", "SanctionImposed") == []


async def test_only_the_maker_withdraws(clean, api, infra):
    sanctions = await api("sanctions")
    case = await _case(sanctions, infra, uuid.uuid4())
    officer = await as_person(api, infra, "sanctions", maker(SAMBAS))
    approval_id = await proposed(await officer.post(f"/v1/cases/{case['id']}/decisions", json=IMPOSE),
                                 "sanction.impose")
    head_client = await as_person(api, infra, "sanctions", head(SAMBAS))
    assert (await head_client.post(f"/v1/approvals/{approval_id}/withdrawal")).status_code == 403
    withdrawn = await officer.post(f"/v1/approvals/{approval_id}/withdrawal")
    assert (withdrawn.status_code, withdrawn.json()["state"]) == (200, "withdrawn"), withdrawn.text
    assert (await decide(head_client, approval_id, expect=409))["type"].endswith("approval-not-pending")
    assert outbox(infra, "sanctions", "SanctionImposed") == []


async def test_who_sees_and_decides(clean, api, infra):
    sanctions = await api("sanctions")
    case = await _case(sanctions, infra, uuid.uuid4())
    officer = await as_person(api, infra, "sanctions", maker(SAMBAS))
    approval_id = await proposed(await officer.post(f"/v1/cases/{case['id']}/decisions", json=IMPOSE),
                                 "sanction.impose")
    elsewhere = await as_person(api, infra, "sanctions", head("6207"))
    assert (await elsewhere.get(f"/v1/approvals/{approval_id}")).status_code == 404
    assert await decide(elsewhere, approval_id, expect=404)
    assert (await elsewhere.get("/v1/approvals")).json()["items"] == []
    licensing = await as_person(api, infra, "sanctions", person("pptsp-6101", "Petugas PTSP", ["pptsp"], [SAMBAS]))
    assert (await licensing.get(f"/v1/approvals/{approval_id}")).status_code == 403  # no approving role
    assert await decide(licensing, approval_id, expect=403)
    assert (await licensing.get("/v1/approvals")).json()["items"] == []
    assert (await officer.get(f"/v1/approvals/{approval_id}")).json()["state"] == "pending"  # the maker sees it
    assert await decide(sanctions, approval_id, expect=403)  # systems never decide
    assert (await sanctions.get(f"/v1/approvals/{approval_id}")).status_code == 200  # the admin system reads


async def test_list_pages_with_a_cursor_and_filters(clean, api, infra):
    sanctions = await api("sanctions")
    officer = await as_person(api, infra, "sanctions", maker(SAMBAS))
    ids = []
    for _ in range(3):
        case = await _case(sanctions, infra, uuid.uuid4())
        ids.append(await proposed(await officer.post(f"/v1/cases/{case['id']}/decisions", json=IMPOSE),
                                  "sanction.impose"))
    head_client = await as_person(api, infra, "sanctions", head(SAMBAS))
    await decide(head_client, ids[1], "reject", note="tidak cukup bukti")
    seen, cursor = [], None
    while True:
        page = (await head_client.get("/v1/approvals", params={"limit": 1, **({"cursor": cursor} if cursor else {})}
                                      )).json()
        seen += [item["id"] for item in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert seen == ids
    pending = (await head_client.get("/v1/approvals", params={"state": "pending"})).json()["items"]
    assert [item["id"] for item in pending] == [ids[0], ids[2]]
    for bad in ({"state": "maybe"}, {"cursor": "not-a-cursor"}, {"limit": 501}, {"regency_code": "61"},
                {"act": "sanction.imposed"}, {"employer_id": "x"}):
        assert (await head_client.get("/v1/approvals", params=bad)).status_code == 422, bad


async def test_with_persons_and_tokens_of_the_local_issuer(clean, api, infra):
    """The same path with persons created at the console issuer and tokens from its password grant."""
    console = await api("console")
    suffix = uuid.uuid4().hex[:6]
    tokens = {}
    for username, roles, nip in ((f"andi{suffix}", ["petugas"], None),
                                 (f"kadis{suffix}", ["kepala_dinas"], "199001012015032001")):
        created = await console.post("/v1/persons", json={
            "username": username, "password": "kata-sandi-rahasia-1", "name": username.title(), "nip": nip,
            "office": "Dinas Tenaga Kerja", "position": "Kepala Dinas" if nip else "Pengelola Data",
            "roles": roles, "regencies": [SAMBAS]})
        assert created.status_code == 201, created.text
        grant = await console.post("/token", data={"grant_type": "password", "client_id": "lindung-local-tests",
                                                   "username": username, "password": "kata-sandi-rahasia-1"})
        assert grant.status_code == 200, grant.text
        tokens[roles[0]] = (created.json()["id"], grant.json()["access_token"])
    sanctions = await api("sanctions")
    case = await _case(sanctions, infra, uuid.uuid4())
    officer, head_client = await api("sanctions", key=None), await api("sanctions", key=None)
    officer.headers["Authorization"] = f"Bearer {tokens['petugas'][1]}"
    head_client.headers["Authorization"] = f"Bearer {tokens['kepala_dinas'][1]}"
    approval_id = await proposed(await officer.post(f"/v1/cases/{case['id']}/decisions", json=IMPOSE),
                                 "sanction.impose")
    assert await decide(officer, approval_id, expect=403)
    done = await decide(head_client, approval_id)
    assert (done["maker"]["id"], done["deciders"][0]["id"], done["deciders"][0]["nip"]) == (
        tokens["petugas"][0], tokens["kepala_dinas"][0], "199001012015032001")
    [event] = outbox(infra, "sanctions", "SanctionImposed")
    assert (event["proposed_by"], event["approved_by"]) == (tokens["petugas"][0], tokens["kepala_dinas"][0])
