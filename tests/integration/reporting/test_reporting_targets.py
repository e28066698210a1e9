"""Coverage against a real target (docs/API.md §10): `PUT /v1/targets/{regency}/{year}` records the
workforce estimate and UCJ target with their source as a new version (who, when), `GET` reads it,
and `GET /v1/coverage` answers coverage_ratio and target_ratio from it."""
from __future__ import annotations

from tests.integration.conftest import CLIENT_KEYS

LAMANDAU, YEAR, AS_OF = "6207", 2027, "2027-06-30"
PATH = f"/v1/targets/{LAMANDAU}/{YEAR}"


async def test_targets_are_versioned_and_drive_the_coverage_ratio(api):
    reporting = await api("reporting")
    first = {"workforce_estimate": 40_000, "target_ratio": 0.5, "source": "BPS Sakernas Agustus 2026"}
    put = await reporting.put(PATH, json=first)
    assert put.status_code == 200, put.text
    second = {"workforce_estimate": 42_500, "target_ratio": 0.6, "source": "BPS Sakernas Agustus 2026 (revisi)"}
    answer = (await reporting.put(PATH, json=second)).json()
    assert (answer["workforce_estimate"], answer["target_ratio"], answer["source"]) == (42_500, 0.6, second["source"])
    assert answer["history"][0]["workforce_estimate"] == 40_000 and answer["recorded_by"]
    assert (await reporting.get(PATH)).json()["workforce_estimate"] == 42_500

    coverage = (await reporting.get("/v1/coverage", params={"regency_code": LAMANDAU, "as_of": AS_OF})).json()
    assert coverage["workforce_estimate"] == 42_500 and coverage["target_ratio"] == 0.6
    assert coverage["coverage_ratio"] == round(coverage["active_memberships"] / 42_500, 4)
    assert coverage["target_source"] == second["source"]


async def test_targets_need_the_write_scope_and_valid_figures(api):
    viewer = await api("reporting", key=CLIENT_KEYS["viewer-6101"])
    body = {"workforce_estimate": 1000, "target_ratio": 0.5, "source": "BPS"}
    assert (await viewer.put("/v1/targets/6101/2027", json=body)).status_code == 403
    reporting = await api("reporting")
    for bad in ({**body, "target_ratio": 75}, {**body, "workforce_estimate": True}, {**body, "extra": 1},
                {"workforce_estimate": 1000, "target_ratio": 0.5}):
        assert (await reporting.put("/v1/targets/6101/2027", json=bad)).status_code == 422, bad
    assert (await reporting.get("/v1/targets/6101/1999")).status_code == 422
    assert (await reporting.get("/v1/targets/6101/2099")).status_code == 404


async def test_national_targets_are_served_with_their_sources_and_stay_out_of_coverage(api):
    """profiles/national/targets.yaml: dated, reported (secondary source), never fields of /v1/coverage."""
    viewer = await api("reporting", key=CLIENT_KEYS["viewer-6101"])
    answer = await viewer.get("/v1/targets/national", params={"as_of": "2026-06-30"})
    assert answer.status_code == 200, answer.text
    targets = {t["id"]: t for t in answer.json()["targets"]}
    rpjmn, bpjs = targets["rpjmn_2020_2024_coverage"], targets["bpjstk_2026_active_coverage"]
    assert (rpjmn["value_percent"], rpjmn["target_year"], rpjmn["basis"], rpjmn["from"]) == (52, 2024, "reported",
                                                                                             "2020-01-01")
    assert rpjmn["text"] == "52 % pada 2024 - dilaporkan Bisnis.com, 15 November 2021"
    assert bpjs["kind"] == "institution_target" and bpjs["workers"] == 70_000_000 and len(bpjs["source_urls"]) == 2
    later = (await viewer.get("/v1/targets/national", params={"as_of": "2027-01-01"})).json()["targets"]
    assert [t["id"] for t in later] == ["rpjmn_2020_2024_coverage"]
    for wrong in ("x", "0", "1900-01-01"):
        assert (await viewer.get("/v1/targets/national", params={"as_of": wrong})).status_code == 422, wrong
    coverage = (await viewer.get("/v1/coverage", params={"regency_code": "6101"})).json()
    assert not any("national" in key for key in coverage)
