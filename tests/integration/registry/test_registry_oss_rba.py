"""docs/API.md §16: OSS RBA's receiveNIB as OSS sends it (fixture written from OSS's published
example, https://oss-rba.github.io receiveNIB v5.0.0) and inqueryNIB against a fake OSS served
locally (its exchange recorded in tests/fixtures/oss/)."""
from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from registry.domain.oss import oss_token
from tests.integration.conftest import CLIENT_KEYS, eventually
from tests.integration.registry.fake_oss import USER_KEY, FakeOss
from tests.integration.registry.helpers import events_about, new_nib

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "oss"
OSS_USER, OSS_PASSWORD, OSS_NPWP = "oss-lamandau", "rahasia-oss", "001234567890000"


def message(**changes) -> dict:
    body = json.loads((FIXTURES / "receiveNIB-no-npp.json").read_text())
    body["dataNIB"].update(nib=new_nib(), **changes)
    return body


@pytest.fixture
def oss_settings(monkeypatch):
    for name, value in (("OSS_USERNAME", OSS_USER), ("OSS_PASSWORD", OSS_PASSWORD), ("OSS_NPWP", OSS_NPWP)):
        monkeypatch.setenv("LINDUNG_REGISTRY_" + name, value)


def token() -> str:
    return oss_token(OSS_USER, OSS_PASSWORD, OSS_NPWP, dt.datetime.now(ZoneInfo("Asia/Jakarta")).date())


async def oss_api(api):
    client = await api("registry", key=CLIENT_KEYS["oss"])
    client.headers["Token"] = token()
    return client


def cases_of(infra, employer_id) -> list[tuple]:
    return infra.sql("sanctions", "SELECT violation, state FROM cases WHERE employer_id = %s", (employer_id,))


async def test_receive_nib_without_npp_opens_the_gap_and_the_case_once(infra, api, workers, oss_settings):
    oss = await oss_api(api)
    body = message()
    first = await oss.post("/v1/oss/receiveNIB", json=body)
    assert first.status_code == 200, first.text
    answer = first.json()["responreceiveNIB"]
    assert (answer["status"], answer["compliance_gap"]) == ("1", True)
    employer_id = answer["employer_id"]
    again = await oss.post("/v1/oss/receiveNIB", json=body)  # the same message again: nothing changes
    assert again.json()["responreceiveNIB"]["employer_id"] == employer_id
    registered = events_about(infra, "EmployerRegistered", "employer_id", employer_id)
    assert [(e["workers"], e["expected_workers_male"], e["expected_workers_female"], e["region_code"],
             e["business_scale"], e["sector"]) for e in registered] == [(20, 15, 5, "6207000000", "medium", "general")]
    gaps = events_about(infra, "ComplianceGapDetected", "employer_id", employer_id)
    assert [(g["violation"], g["workers"]) for g in gaps] == [("employer_not_registered_with_workers", 20)]
    stored = infra.sql("registry", "SELECT regency_code, region_code, kewenangan, oss_id, bpjs_registration_number "
                                   "FROM employers WHERE id = %s", (employer_id,))
    assert stored == [("6207", "6207000000", "02", "P02-202611031200000001", None)]
    await workers("registry", "sanctions")
    assert await eventually(lambda: cases_of(infra, employer_id), timeout=30) == [("employer_not_registered", "open")]


async def test_dotted_region_codes_are_stored_undotted(infra, api, oss_settings):
    oss = await oss_api(api)
    answer = (await oss.post("/v1/oss/receiveNIB", json=message(kd_daerah="62.07.01.1001", no_npp="23001234"))).json()
    assert answer["responreceiveNIB"]["compliance_gap"] is False
    stored = infra.sql("registry", "SELECT region_code, bpjs_registration_number FROM employers WHERE id = %s",
                       (answer["responreceiveNIB"]["employer_id"],))
    assert stored == [("6207011001", "23001234")]


async def test_an_invalid_npp_is_a_gap_like_an_empty_one(infra, api, oss_settings):
    oss = await oss_api(api)
    answer = (await oss.post("/v1/oss/receiveNIB", json=message(no_npp="0000000000"))).json()["responreceiveNIB"]
    assert answer["compliance_gap"] is True


@pytest.mark.parametrize(("changes", "code"), [
    ({"kd_daerah": "3201000000"}, 403),  # Bogor: not a regency Lindung serves
    ({"kd_daerah": "6200000000", "kewenangan": "01",  # province level, projects in two regencies
      "data_proyek": [{"skala_usaha": "03", "data_lokasi_proyek": [{"proyek_daerah_id": "6207011001"},
                                                                    {"proyek_daerah_id": "6101011001"}]}]}, 403),
    ({"kd_daerah": "62-07"}, 400),
    ({"kewenangan": "05"}, 400),
    ({"nama_perseroan": ""}, 400),
])
async def test_refusals_come_in_oss_shape(infra, api, oss_settings, changes, code):
    oss = await oss_api(api)
    response = await oss.post("/v1/oss/receiveNIB", json=message(**changes))
    assert response.status_code == code, response.text
    assert response.json()["responreceiveNIB"]["status"] == "2"


async def test_provincial_authority_is_owned_by_the_projects_regency(infra, api, oss_settings):
    oss = await oss_api(api)
    body = message(kd_daerah="6200000000", kewenangan="01")
    answer = (await oss.post("/v1/oss/receiveNIB", json=body)).json()["responreceiveNIB"]
    assert answer["status"] == "1"
    assert infra.sql("registry", "SELECT regency_code FROM employers WHERE id = %s", (answer["employer_id"],)) == [
        ("6207",)]


async def test_token_and_api_key_are_both_required(infra, api, oss_settings):
    oss = await oss_api(api)
    oss.headers["Token"] = "0" * 40
    refused = await oss.post("/v1/oss/receiveNIB", json=message())
    assert (refused.status_code, refused.json()["responreceiveNIB"]["status"]) == (401, "2")
    anonymous = await api("registry", key=None)
    assert (await anonymous.post("/v1/oss/receiveNIB", json=message(), headers={"Token": token()})).status_code == 401
    malformed = await (await oss_api(api)).post("/v1/oss/receiveNIB", content=b"{not json")
    assert malformed.status_code == 400 and malformed.json()["responreceiveNIB"]["status"] == "2"


async def test_inquery_nib_completes_an_employer_from_the_fake_oss(infra, api, monkeypatch):
    with FakeOss() as fake:
        monkeypatch.setenv("LINDUNG_REGISTRY_OSS_BASE_URL", fake.base_url)
        monkeypatch.setenv("LINDUNG_REGISTRY_OSS_USER_KEY", USER_KEY)
        registry = await api("registry")
        nib = fake.recorded["request"]["body"]["INQUERYNIB"]["nib"]
        infra.sql("registry", "DELETE FROM employers WHERE nib = %s", (nib,))
        done = await registry.post("/v1/oss/inquiries", json={"regency_code": "6207", "nib": nib})
        assert done.status_code == 200, done.text
        assert (done.json()["created"], done.json()["compliance_gap"]) == (True, False)
        row = infra.sql("registry", "SELECT name, sector, business_scale, region_code, bpjs_registration_number, "
                                    "workers FROM employers WHERE id = %s", (done.json()["employer_id"],))
        assert row == [("CV Karya Bulik", "construction", "small", "6207011001", "23004567", 5)]
        assert fake.received[-1] == {"headers": {"user_key": USER_KEY}, "body": {"INQUERYNIB": {"nib": nib}}}
        unknown = await registry.post("/v1/oss/inquiries", json={"regency_code": "6207", "nib": "9999999999999"})
        assert unknown.status_code == 404
        elsewhere = await registry.post("/v1/oss/inquiries", json={"regency_code": "6101", "nib": nib})
        assert elsewhere.status_code == 422


def test_fixture_is_not_changed_by_the_tests():
    body = json.loads((FIXTURES / "receiveNIB-no-npp.json").read_text())
    assert copy.deepcopy(body)["dataNIB"]["no_npp"] == ""
