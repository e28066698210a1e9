"""docs/API.md §14: the audit names the person (id, name, NIP) and the client behind every decision
and every read of personal data; the audit list is for admin/auditor roles, paged, itself audited."""
from __future__ import annotations

from tests.factories import participant_body
from tests.integration.people import bearer, token_for

SITI = {"sub": "p-siti-audit", "name": "Siti Rahayu", "roles": ["petugas"], "regencies": ["6101"],
        "nip": "198503122010012003"}
VERA = {"sub": "p-vera-audit", "name": "Vera Tefa", "roles": ["verifikator"], "regencies": ["6101"],
        "nip": "199001012015032001"}
AUDITOR = {"sub": "p-auditor", "name": "Inspektur", "roles": ["auditor"], "regencies": ["6101"]}


async def _register(api, infra, serial: int) -> str:
    registry = await api("registry", key=None)
    response = await registry.post("/v1/participants", json=participant_body("6101", serial=serial),
                                   headers=bearer(token_for(infra, **SITI)))
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def test_a_decision_names_the_person_and_client(infra, api):
    participant_id = await _register(api, infra, 9201)
    rows = infra.sql("registry", "SELECT action, person_id, person_name, person_nip, client, client_id, request_id "
                                 "FROM audit_log WHERE subject_id = %s", (participant_id,))
    assert len(rows) == 1
    action, person_id, name, nip, client, client_id, request_id = rows[0]
    assert action.startswith("Participant") and (person_id, name, nip) == ("p-siti-audit", "Siti Rahayu", SITI["nip"])
    assert client == "person:p-siti-audit" and client_id == "lindung-local-tests" and request_id


async def test_personal_data_needs_pii_role_and_a_stated_purpose(infra, api):
    participant_id = await _register(api, infra, 9202)
    registry = await api("registry", key=None)
    masked = (await registry.get(f"/v1/participants/{participant_id}", headers=bearer(token_for(infra, **SITI))))
    assert masked.status_code == 200 and masked.json()["nik_masked"] is True
    vera = bearer(token_for(infra, **VERA))
    refused = await registry.get(f"/v1/participants/{participant_id}", headers=vera)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "X-Lindung-Purpose"
    seen = await registry.get(f"/v1/participants/{participant_id}",
                              headers={**vera, "X-Lindung-Purpose": "verifikasi calon penerima",
                                       "X-Request-Id": "rq-1"})
    assert seen.status_code == 200 and seen.json()["nik_masked"] is False
    rows = infra.sql("registry", "SELECT person_id, person_name, person_nip, purpose, request_id FROM audit_log "
                                 "WHERE subject_id = %s AND action = 'personal_data.read'", (participant_id,))
    assert rows == [("p-vera-audit", "Vera Tefa", VERA["nip"], "verifikasi calon penerima", "rq-1")]


async def test_audit_list_is_for_auditors_filtered_paged_and_itself_audited(infra, api):
    first, second = await _register(api, infra, 9203), await _register(api, infra, 9204)
    registry = await api("registry", key=None)
    auditor = bearer(token_for(infra, **AUDITOR))
    assert (await registry.get("/v1/audit", headers=bearer(token_for(infra, **SITI)))).status_code == 403
    page = (await registry.get("/v1/audit", params={"person": "p-siti-audit", "limit": 1}, headers=auditor)).json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    seen = [page["items"][0]["subject_id"]]
    while page["next_cursor"]:
        page = (await registry.get("/v1/audit", params={"person": "p-siti-audit", "limit": 1,
                                                        "cursor": page["next_cursor"]}, headers=auditor)).json()
        seen += [row["subject_id"] for row in page["items"]]
    assert {first, second} <= set(seen) and len(seen) == len(set(seen))
    only = (await registry.get("/v1/audit", params={"subject": first}, headers=auditor)).json()["items"]
    assert [row["subject_id"] for row in only] == [first] and only[0]["person_name"] == "Siti Rahayu"
    assert (await registry.get("/v1/audit", params={"who": "x"}, headers=auditor)).status_code == 422
    assert (await registry.get("/v1/audit", params={"regency_code": "6405"}, headers=auditor)).status_code == 403
    reads = infra.sql("registry", "SELECT count(*) FROM audit_log WHERE action = 'audit.read' AND person_id = %s",
                      ("p-auditor",))
    assert reads[0][0] >= 3


async def test_auditor_of_another_regency_sees_none_of_these_rows(infra, api):
    await _register(api, infra, 9205)
    registry = await api("registry", key=None)
    other = bearer(token_for(infra, sub="p-aud-6405", name="Auditor Berau", roles=["auditor"], regencies=["6405"]))
    items = (await registry.get("/v1/audit", params={"person": "p-siti-audit"}, headers=other)).json()["items"]
    assert items == []
