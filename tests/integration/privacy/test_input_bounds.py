"""Issue 10 items 9 and 10: huge offsets, absurd dates and unknown regencies are 4xx, never 5xx;
dates outside what the act can mean (shared/bounds.py) are refused with a 422 naming the field."""
from __future__ import annotations

import uuid

import pytest

from tests.integration.conftest import CLIENT_KEYS
from tests.integration.registry.helpers import employer_body

HUGE = str(2**63)


def named(response) -> set[str]:
    return {e["field"] for e in response.json().get("errors") or []}


async def test_offsets_beyond_bigint_are_422(infra, api):
    registry = await api("registry")
    response = await registry.get(f"/v1/candidate-imports/{uuid.uuid4()}/errors", params={"after": HUGE})
    assert response.status_code == 422 and named(response) == {"after"}
    bpjs = await api("registry", key=CLIENT_KEYS["bpjs"])
    response = await bpjs.get("/v1/bpjs/membership-sync/b-1/errors", params={"after": HUGE})
    assert response.status_code == 422 and named(response) == {"after"}
    eligibility = await api("eligibility")
    response = await eligibility.get(f"/v1/batch-evaluations/{uuid.uuid4()}/errors", params={"offset": HUGE})
    assert response.status_code == 422 and named(response) == {"offset"}


@pytest.mark.parametrize("event_date", ["1900-01-01", "0001-01-01", "9999-12-31"])
async def test_benefit_check_event_dates_out_of_range_are_422(infra, api, event_date):
    eligibility = await api("eligibility")
    response = await eligibility.post("/v1/benefit-checks", json={
        "regency_code": "6101", "benefit": "jkk", "event_date": event_date, "as_of": "2026-06-01"})
    assert response.status_code == 422, response.text
    assert any(f.endswith("event_date") for f in named(response))


async def test_benefit_check_at_the_era_start_is_not_a_5xx(infra, api):
    eligibility = await api("eligibility")
    response = await eligibility.post("/v1/benefit-checks", json={
        "regency_code": "6101", "benefit": "jkk", "event_date": "1990-01-01", "as_of": "2026-06-01"})
    assert response.status_code < 500, response.text


async def test_coverage_of_an_unknown_regency_is_404(infra, api):
    reporting = await api("reporting")
    assert (await reporting.get("/v1/coverage", params={"regency_code": "9999"})).status_code == 404


@pytest.mark.parametrize(("service", "url", "body", "field"), [
    ("registry", "/v1/construction-projects", {"spk_date": "0001-01-01"}, "spk_date"),
    ("registry", "/v1/construction-projects", {"spk_date": "9999-12-31"}, "spk_date"),
    ("registry", "/v1/construction-projects", {"bpjs_registered_on": "0001-01-01"}, "bpjs_registered_on"),
    ("registry", "/v1/participants", {"birth_date": "1800-01-01"}, "birth_date"),
    ("registry", f"/v1/participants/{uuid.uuid4()}/memberships", {"start_date": "9999-12-31"}, "start_date"),
    ("registry", f"/v1/participants/{uuid.uuid4()}/terminations", {"effective_date": "0001-01-01"},
     "effective_date"),
    ("contribution-aid", "/v1/decrees", {"decree_date": "9999-12-31"}, "decree_date"),
    ("eligibility", "/v1/evaluations", {"as_of": "9999-12-31"}, "as_of"),
    ("sanctions", "/v1/cases", {"date": "0001-01-01"}, "date"),
])
async def test_dates_outside_what_the_act_can_mean_are_422(infra, api, service, url, body, field):
    client = await api(service)
    response = await client.post(url, json=body)
    assert response.status_code == 422, response.text
    assert field in named(response)
    message = next(e["message"] for e in response.json()["errors"] if e["field"] == field)
    assert "date must be between" in message


async def test_budget_amendment_date_far_ahead_is_422(infra, api):
    aid = await api("contribution-aid")
    response = await aid.post(f"/v1/budgets/{uuid.uuid4()}/amendments", json={"effective_date": "9999-12-31"})
    assert response.status_code == 422 and "effective_date" in named(response), response.text


async def test_registration_long_before_the_spk_is_422(infra, api):
    registry = await api("registry")
    employer = (await registry.post("/v1/employers", json=employer_body("6101"))).json()
    response = await registry.post("/v1/construction-projects", json={
        "regency_code": "6101", "employer_id": employer["id"], "name": "Jalan", "contract_value": 500_000_000,
        "funding_source": "apbd", "spk_date": "2026-01-05", "bpjs_registered_on": "1995-01-01"})
    assert response.status_code == 422 and named(response) == {"bpjs_registered_on"}, response.text
