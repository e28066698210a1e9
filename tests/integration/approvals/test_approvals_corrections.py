"""Two-person control of a data subject's correction (UU 27/2022 Pasal 6; act `data.correct` in
profiles/<regency>/approvals.yaml): a person's correction changes nothing until a second person
with an approving role approves it; the proposal holds field names only (the new values stay
sealed on the request); a correction filed again since the proposal is never applied unseen."""
from __future__ import annotations

from tests.factories import participant_body
from tests.integration.approvals.persons import as_person, decide, maker, person, proposed
from tests.integration.conftest import CLIENT_KEYS

SAMBAS = "6101"
NEW = {"address": "Jl. Tanjung Harapan No. 8", "full_name": "Siti Rahmawati Baru"}


def checker(regency: str) -> dict:
    return person(f"verifikator-{regency}", "Vera Verifikator", ["verifikator"], [regency], "198001012005012001")


async def _request(registry, body: dict) -> str:
    filed = await registry.post("/v1/data-subject-requests", json={
        "regency_code": SAMBAS, "kind": "correction", "nik": body["nik"], "details": "Alamat dan nama salah"})
    assert filed.status_code == 201, filed.text
    return filed.json()["id"]


async def _record(api, pid: str) -> dict:
    officer = await api("registry", key=CLIENT_KEYS["pii-officer"])
    return (await officer.get(f"/v1/participants/{pid}", params={"purpose": "pemeriksaan pembetulan"})).json()


async def _filed(api, infra):
    """A registered participant, their correction request, its correction URL and an officer (the maker)."""
    registry = await api("registry")
    body = participant_body(SAMBAS)
    pid = (await registry.post("/v1/participants", json=body)).json()["id"]
    url = f"/v1/data-subject-requests/{await _request(registry, body)}/correction"
    return body, pid, url, await as_person(api, infra, "registry", maker(SAMBAS))


async def test_a_correction_is_applied_only_when_a_second_person_approves(clean, api, infra):
    body, pid, url, officer = await _filed(api, infra)
    approval_id = await proposed(await officer.post(url, json={"participant_id": pid, **NEW},
                                                    params={"reason": "Permintaan pemilik data"}), "data.correct")

    before = await _record(api, pid)
    assert (before["address"], before["full_name"]) == (body["address"], body["full_name"])
    stored = str(infra.sql("registry", "SELECT payload, preview FROM approvals"))
    assert "Tanjung Harapan" not in stored and "Rahmawati Baru" not in stored  # field names only
    assert "address" in stored and "full_name" in stored
    assert await decide(officer, approval_id, expect=403)  # the maker never approves

    approver = await as_person(api, infra, "registry", checker(SAMBAS))
    shown = await approver.get(url, headers={"X-Lindung-Purpose": "pemeriksaan usulan pembetulan"})
    assert shown.status_code == 200, shown.text  # the checker sees what they approve (pii:read), audited
    assert (shown.json()["participant_id"], shown.json()["values"]) == (pid, NEW)
    assert (await officer.get(url)).status_code == 403  # the maker's role has no pii:read
    reads = infra.sql("registry", "SELECT person_id, purpose FROM audit_log WHERE subject_kind = "
                                  "'data_subject_request' AND action = 'personal_data.read'")
    assert ("verifikator-6101", "pemeriksaan usulan pembetulan") in reads
    done = await decide(approver, approval_id, note="sesuai KTP dan KK")
    assert done["state"] == "executed" and done["result"]["corrected"] == ["address", "full_name"]
    after = await _record(api, pid)
    assert (after["address"], after["full_name"]) == (NEW["address"], NEW["full_name"])
    assert done["result"]["request"]["state"] == "answered"
    trail = infra.sql("registry", "SELECT person_id, detail FROM audit_log WHERE action = 'participant.corrected'")
    assert [(row[0], row[1]["fields"]) for row in trail] == [("verifikator-6101", ["address", "full_name"])]
    assert "Tanjung" not in str(trail)
    assert "Tanjung" not in str(infra.sql("registry", "SELECT correction_cipher FROM data_subject_requests"))


async def test_a_correction_filed_again_since_the_proposal_is_never_applied_unseen(clean, api, infra):
    body, pid, url, officer = await _filed(api, infra)
    first = await proposed(await officer.post(url, json={"participant_id": pid, **NEW}), "data.correct")
    await proposed(await officer.post(url, json={"participant_id": pid, "address": "Jl. Lain No. 1"}),
                   "data.correct")
    approver = await as_person(api, infra, "registry", checker(SAMBAS))
    refused = await decide(approver, first, expect=409)
    assert refused["type"].endswith("correction-changed")
    assert (await _record(api, pid))["address"] == body["address"]


async def test_a_correction_names_the_requesters_own_record_and_systems_apply_at_once(clean, api, infra):
    registry = await api("registry")
    body, other = participant_body(SAMBAS), participant_body(SAMBAS, serial=7)
    pid = (await registry.post("/v1/participants", json=body)).json()["id"]
    stranger = (await registry.post("/v1/participants", json=other)).json()["id"]
    request_id = await _request(registry, body)
    url = f"/v1/data-subject-requests/{request_id}/correction"
    wrong = await registry.post(url, json={"participant_id": stranger, **NEW})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "participant_id"
    empty = await registry.post(url, json={"participant_id": pid})
    assert empty.status_code == 422
    applied = await registry.post(url, json={"participant_id": pid, "birth_place": "Pemangkat"})
    assert applied.status_code == 200, applied.text  # X-API-Key: a system acts at once (docs/API.md §14)
    assert (await _record(api, pid))["birth_place"] == "Pemangkat"
    assert (await registry.post(url, json={"participant_id": pid, "birth_place": "Sambas"})).status_code == 409
