"""docs/API.md §16: licence clearance answered in OSS RBA's terms (kd_status 45/93, reason text,
the signing official configured for the regency)."""
from __future__ import annotations

import json
import uuid

import pytest

from tests.integration.conftest import CLIENT_KEYS
from tests.integration.sanctions.helpers import open_case, post

SAMBAS = "6101"
SIGNER = {"name": "Drs. Contoh Pejabat, M.Si", "nip": "197001011990031001",
          "position": "Kepala Dinas Tenaga Kerja dan Transmigrasi"}
PATH = "/v1/oss/licence-status"


@pytest.fixture
async def sanctions(api, infra, monkeypatch):
    monkeypatch.setenv("LINDUNG_SANCTIONS_OSS_SIGNERS", json.dumps({SAMBAS: SIGNER}))
    client = await api("sanctions")
    client.infra = infra
    return client


async def test_clearance_maps_to_verified_then_refused_with_reason_and_signer(sanctions, api):
    employer = uuid.uuid4()
    params = {"regency_code": SAMBAS, "service": "business_license", "employer_id": str(employer),
              "id_izin": "I-202612070001", "kd_izin": "033000000001"}
    oss = await api("sanctions", key=CLIENT_KEYS["oss"])
    before = (await oss.get(PATH, params=params)).json()["IZINSTATUS"]
    assert (before["kd_status"], before["uraian_status"]) == ("45", "Persyaratan terverifikasi")
    assert (before["nama_status"], before["nip_status"], before["jabatan_status"]) == (
        SIGNER["name"], SIGNER["nip"], SIGNER["position"])
    assert (before["id_izin"], before["kd_izin"]) == ("I-202612070001", "033000000001")
    case = await open_case(sanctions, SAMBAS, employer, date="2026-11-01")
    await post(sanctions, f"/v1/cases/{case['id']}/decisions",
               {"decision": "impose", "decree_number": "800/77/2026", "services": ["business_license"],
                "date": "2026-11-02"})
    after = (await oss.get(PATH, params=params)).json()
    assert (after["IZINSTATUS"]["kd_status"], after["IZINSTATUS"]["uraian_status"]) == ("93", "Penolakan Persyaratan")
    assert "800/77/2026" in after["IZINSTATUS"]["keterangan"] and after["clearance"]["allowed"] is False
    other = (await oss.get(PATH, params={**params, "service": "tender_permit"})).json()["IZINSTATUS"]
    assert other["kd_status"] == "45"


async def test_a_regency_without_a_signer_is_503(sanctions):
    response = await sanctions.get(PATH, params={"regency_code": "6207", "service": "business_license", "nib": "1"})
    assert response.status_code == 503 and response.json()["type"].endswith("oss-signer-not-configured")


async def test_an_unknown_regency_is_404_before_any_signer_is_looked_for(sanctions):
    """schemathesis found it: a regency no profile names was a 503 (no signer) instead of the 404 of every route."""
    response = await sanctions.get(PATH, params={"regency_code": "0000", "service": "business_license", "nib": "1"})
    assert response.status_code == 404 and response.json()["type"].endswith("unknown-regency")
