"""docs/API.md §13: one paging convention (cursor, limit, next_cursor), filters validated, regency
boundaries, no names without pii:read, CSV exports (participants' audited)."""
from __future__ import annotations

import uuid

from tests.factories import participant_body
from tests.integration.conftest import CLIENT_KEYS
from tests.integration.registry.helpers import employer_body


async def _all_pages(client, path: str, params: dict, *, insert=None) -> list[dict]:
    items, cursor, pages = [], None, 0
    while True:
        response = await client.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        pages += 1
        if insert is not None and pages == 1:
            await insert()
        cursor = body["next_cursor"]
        if cursor is None:
            return items


async def test_employers_page_without_duplicates_or_gaps_while_rows_are_inserted(clean, api):
    registry = await api("registry")
    for i in range(7):
        assert (await registry.post("/v1/employers", json=employer_body("6101", name=f"CV Uji {i}"))).status_code == 201

    async def insert():
        for i in range(7, 10):
            assert (await registry.post("/v1/employers", json=employer_body("6101", name=f"CV Uji {i}"))).status_code \
                == 201

    seen = await _all_pages(registry, "/v1/employers", {"regency_code": "6101", "limit": 3}, insert=insert)
    names = [e["name"] for e in seen]
    assert names == [f"CV Uji {i}" for i in range(10)]  # the rows inserted after page 1 come at the end, once
    first = (await registry.get("/v1/employers", params={"regency_code": "6101", "limit": 3})).json()
    assert first["total"] == 10 and len(first["items"]) == 3


async def test_filters_are_validated_and_applied(clean, api):
    registry = await api("registry")
    created = [(await registry.post("/v1/employers", json=employer_body("6101", name=name, sector=sector))).json()
               for name, sector in (("PT Sawit Jaya", "general"), ("CV Bangun", "construction"))]
    by_name = (await registry.get("/v1/employers", params={"regency_code": "6101", "name": "pt saw"})).json()
    assert [e["id"] for e in by_name["items"]] == [created[0]["id"]]
    nib = (await registry.get(f"/v1/employers/{created[1]['id']}")).json()["nib"]
    by_nib = (await registry.get("/v1/employers", params={"regency_code": "6101", "nib": nib})).json()
    assert [e["id"] for e in by_nib["items"]] == [created[1]["id"]]
    unknown_filter = await registry.get("/v1/employers", params={"regency_code": "6101", "colour": "red"})
    assert unknown_filter.status_code == 422 and unknown_filter.json()["errors"][0]["field"] == "colour"
    unknown_sector = await registry.get("/v1/employers", params={"regency_code": "6101", "sector": "mining"})
    assert unknown_sector.status_code == 422
    assert "construction" in unknown_sector.json()["errors"][0]["message"]
    bad_cursor = await registry.get("/v1/employers", params={"regency_code": "6101", "cursor": "bm90LWEtY3Vyc29y"})
    assert bad_cursor.status_code == 422
    too_many = await registry.get("/v1/employers", params={"regency_code": "6101", "limit": 501})
    assert too_many.status_code == 422


async def test_a_client_of_6101_never_sees_6309_rows(clean, api):
    registry = await api("registry")
    await registry.post("/v1/employers", json=employer_body("6309", name="PT Tabalong"))
    viewer = await api("registry", key=CLIENT_KEYS["viewer-6101"])
    assert (await viewer.get("/v1/employers", params={"regency_code": "6309"})).status_code == 403
    assert (await viewer.get("/v1/employers", params={"regency_code": "6101"})).json()["items"] == []
    sanctions = await api("sanctions", key=CLIENT_KEYS["viewer-6101"])
    assert (await sanctions.get("/v1/cases", params={"regency_code": "6309"})).status_code == 403


async def test_participants_list_masks_nik_and_shows_names_only_with_pii_read_audited(clean, api, infra):
    registry = await api("registry")
    for serial in range(1, 5):
        body = participant_body("6101", serial=serial, full_name=f"Siti {serial}")
        assert (await registry.post("/v1/participants", json=body)).status_code == 201, body
    viewer = await api("registry", key=CLIENT_KEYS["viewer-6101"])
    listed = await _all_pages(viewer, "/v1/participants", {"regency_code": "6101", "limit": 2})
    assert len(listed) == 4 and len({p["id"] for p in listed}) == 4
    for item in listed:
        assert item["full_name"] is None and "*" in item["nik"] and "birth_date" not in item
        assert isinstance(item["birth_year"], int)
    assert (await viewer.get("/v1/participants", params={"regency_code": "6101", "name": "Siti"})).status_code == 403
    officer = await api("registry", key=CLIENT_KEYS["pii-officer"])
    named = (await officer.get("/v1/participants", params={"regency_code": "6101", "name": "siti 3"})).json()
    assert [p["full_name"] for p in named["items"]] == ["Siti 3"]
    assert infra.sql("registry", "SELECT count(*) FROM personal_data_access WHERE client = 'pii-officer' "
                                 "AND subject_id = %s", (named["items"][0]["id"],)) == [(1,)]
    wrong_category = await viewer.get("/v1/participants", params={"regency_code": "6101", "category": "nope"})
    assert wrong_category.status_code == 422


async def test_participant_export_is_csv_with_indonesian_headers_and_audited(clean, api, infra):
    registry = await api("registry")
    body = participant_body("6101", serial=9, full_name="=HYPERLINK(\"x\")")
    created = (await registry.post("/v1/participants", json=body)).json()
    viewer = await api("registry", key=CLIENT_KEYS["viewer-6101"])
    export = await viewer.get("/v1/participants", params={"regency_code": "6101", "format": "csv"})
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    header = export.text.lstrip("\ufeff").splitlines()[0]
    assert header.startswith("NIK,Nama lengkap,Tahun lahir")
    assert "HYPERLINK" not in export.text  # no name without pii:read
    assert infra.sql("registry", "SELECT purpose FROM personal_data_access WHERE client = 'viewer-6101' "
                                 "AND subject_id = %s", (created["id"],)) == [("export",)]
    officer = await api("registry", key=CLIENT_KEYS["pii-officer"])
    named = await officer.get("/v1/participants", params={"regency_code": "6101", "format": "csv"})
    assert "'=HYPERLINK" in named.text  # the safe writer keeps a formula as text


async def test_cases_list_filters_and_pages(clean, api):
    from tests.integration.sanctions.helpers import open_case
    sanctions = await api("sanctions")
    opened = [await open_case(sanctions, "6101", source="system", reference=f"S/{i}") for i in range(5)]
    await open_case(sanctions, "6101", source="system", violation="contributions_unpaid")
    pages = await _all_pages(sanctions, "/v1/cases", {"regency_code": "6101", "limit": 2,
                                                      "violation": "employer_not_registered"})
    assert [c["id"] for c in pages] == [c["id"] for c in opened]
    by_employer = (await sanctions.get("/v1/cases", params={"regency_code": "6101",
                                                           "employer_id": opened[2]["employer_id"]})).json()
    assert [c["id"] for c in by_employer["items"]] == [opened[2]["id"]]
    wrong_state = await sanctions.get("/v1/cases", params={"regency_code": "6101", "state": "closed"})
    assert wrong_state.status_code == 422 and "imposed" in wrong_state.json()["errors"][0]["message"]
    export = await sanctions.get("/v1/cases", params={"regency_code": "6101", "format": "csv"})
    assert export.text.lstrip("\ufeff").startswith("Nomor kasus,") and len(export.text.splitlines()) == 7
    assert (await sanctions.get("/v1/cases", params={"regency_code": "6101", "employer": str(uuid.uuid4())})) \
        .status_code == 422


async def test_evaluations_and_batches_are_listed_per_regency(clean, api):
    eligibility = await api("eligibility")
    for _ in range(3):
        response = await eligibility.post("/v1/evaluations", json={
            "regency_code": "6207", "scheme": "bpu_registration", "as_of": "2026-01-15", "applicant": {}})
        assert response.status_code == 200, response.text
    listed = await _all_pages(eligibility, "/v1/evaluations", {"regency_code": "6207", "limit": 2})
    assert len(listed) == 3 and {e["outcome"] for e in listed} == {"needs_information"}
    assert (await eligibility.get("/v1/evaluations", params={"regency_code": "6101"})).json()["items"] == []
    wrong = await eligibility.get("/v1/evaluations", params={"regency_code": "6207", "scheme": "palm_oil_worker_aid"})
    assert wrong.status_code == 422 and "bpu_registration" in wrong.json()["errors"][0]["message"]
    batches = await eligibility.get("/v1/batch-evaluations", params={"regency_code": "6207"})
    assert batches.status_code == 200 and batches.json()["items"] == []


async def test_candidate_imports_and_their_rows_are_listed_without_names_for_viewers(clean, api, job_runner):
    from tests.integration.registry.test_registry_candidates import extract, imported, nik
    await job_runner("registry")
    clerk = await api("registry", key=CLIENT_KEYS["clerk-6101"])
    job = await imported(clerk, {"regency_code": "6101", "data_source": "dtks"},
                         extract([f"{nik(i)},Calon {i},,F,,,,," for i in range(1, 4)]))
    imports = (await clerk.get("/v1/candidate-imports", params={"regency_code": "6101"})).json()
    assert [i["id"] for i in imports["items"]] == [job["id"]] and imports["items"][0]["rows_accepted"] == 3
    assert (await clerk.get("/v1/candidate-imports", params={"regency_code": "6101", "data_source": "bansos"})) \
        .status_code == 422
    rows = await _all_pages(clerk, f"/v1/candidate-imports/{job['id']}/rows", {"limit": 2})
    assert [r["row_number"] for r in rows] == [1, 2, 3]
    assert all(r["full_name"] is None and "*" in r["nik"] for r in rows)
    officer = await api("registry", key=CLIENT_KEYS["pii-officer"])
    named = (await officer.get(f"/v1/candidate-imports/{job['id']}/rows")).json()
    assert [r["full_name"] for r in named["items"]] == ["Calon 1", "Calon 2", "Calon 3"]
    other = await api("registry", key=CLIENT_KEYS["viewer-6101"])
    assert (await other.get("/v1/candidate-imports", params={"regency_code": "6405"})).status_code == 403


async def test_memberships_and_licence_checks_are_listed(clean, api):
    registry = await api("registry")
    person = (await registry.post("/v1/participants", json=participant_body("6101", serial=21))).json()
    started = await registry.post(f"/v1/participants/{person['id']}/memberships",
                                  json={"programs": ["JKK", "JKM"], "start_date": "2026-01-01", "funding": "self"})
    assert started.status_code == 201, started.text
    listed = await _all_pages(registry, "/v1/memberships", {"regency_code": "6101", "limit": 1})
    assert sorted(m["programme"] for m in listed) == ["JKK", "JKM"]
    only_jkm = (await registry.get("/v1/memberships", params={"regency_code": "6101", "programme": "JKM"})).json()
    assert [m["programme"] for m in only_jkm["items"]] == ["JKM"]
    assert (await registry.get("/v1/memberships", params={"regency_code": "6101", "funding": "charity"})) \
        .status_code == 422
    active = (await registry.get("/v1/participants", params={"regency_code": "6101", "status": "active"})).json()
    assert [p["id"] for p in active["items"]] == [person["id"]]
    sanctions = await api("sanctions", key=CLIENT_KEYS["oss"])
    checked = await sanctions.post("/v1/licence-checks", json={
        "regency_code": "6207", "nib": "1234567890123", "service": "business_license", "kind": "new",
        "documents": ["bpjs_membership_certificate", "latest_contribution_payment_proof"]})
    assert checked.status_code == 201, checked.text
    checks = (await sanctions.get("/v1/licence-checks", params={"regency_code": "6207"})).json()
    assert [c["id"] for c in checks["items"]] == [checked.json()["id"]]
    assert (await sanctions.get("/v1/licence-checks", params={"regency_code": "6207", "service": "fishing"})) \
        .status_code == 422


async def test_an_employers_workers_are_listed_by_employer_id(clean, api):
    """The console's employer page lists its workers (masked NIK, no name without pii:read)."""
    registry = await api("registry")
    employer = (await registry.post("/v1/employers", json=employer_body("6101", name="PT Pekerja"))).json()
    for serial, employer_id in ((1, employer["id"]), (2, employer["id"]), (3, None)):
        body = participant_body("6101", serial=serial, worker_type="pu", employer_id=employer_id,
                                category="non_state_employer_worker",
                                occupation="private_or_regional_enterprise_worker")
        created = await registry.post("/v1/participants", json=body)
        assert created.status_code == 201, created.text
    viewer = await api("registry", key=CLIENT_KEYS["viewer-6101"])
    workers = await _all_pages(viewer, "/v1/participants", {"regency_code": "6101", "employer_id": employer["id"],
                                                            "limit": 1})
    assert len(workers) == 2 and {w["employer_id"] for w in workers} == {employer["id"]}
    assert all(w["full_name"] is None and "*" in w["nik"] for w in workers)
    bad = await viewer.get("/v1/participants", params={"regency_code": "6101", "employer_id": "not-a-uuid"})
    assert bad.status_code == 422
