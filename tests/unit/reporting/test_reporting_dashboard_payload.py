"""The dashboard JSON body (dashboard/DATA.md) built from ReportData."""
from __future__ import annotations

import json
from pathlib import Path

import reporting
from reporting.reports.dashboard_data import build_dashboard_payload
from reporting.reports.data import ReportData
from reporting.reports.suppression import SuppressionPolicy

DASHBOARD = Path(reporting.__file__).parent / "dashboard"
TOP_LEVEL = {"schema_version", "regency", "period", "generated_at", "data_as_of", "summary", "coverage_history",
             "districts", "villages", "programs", "categories", "budgets", "sanctions", "construction",
             "small_cell", "national_targets"}


def test_top_level_shape_and_json(sample_data, sample_history, sample_meta):
    payload = build_dashboard_payload(sample_data, sample_history, meta=sample_meta)
    assert set(payload) == TOP_LEVEL
    assert json.loads(json.dumps(payload)) == payload          # plain JSON types only
    assert payload["regency"] == {"code": "6101", "name": "Sambas"}
    assert payload["period"]["label"] == "Triwulan I 2026"
    assert payload["data_as_of"] == "2026-03-31T16:45:00"


def test_summary_and_history(sample_data, sample_history, sample_meta):
    payload = build_dashboard_payload(sample_data, sample_history, meta=sample_meta)
    assert payload["summary"] == {"participants": 12345, "active_memberships": 11000, "aid_funded": 4200,
                                  "workforce_estimate": 220000, "coverage_percent": 5.0,
                                  "ucj_target_percent": 100, "interim_target_percent": 10}
    assert [p["month"] for p in payload["coverage_history"]] == ["2026-01", "2026-02", "2026-03"]
    assert payload["coverage_history"][0] == {"month": "2026-01", "participants": 12100,
                                              "active_memberships": 10800, "coverage_percent": 4.91}


def test_villages_are_suppressed(sample_data, sample_history):
    villages = {v["village_name"]: v for v in build_dashboard_payload(sample_data, sample_history)["villages"]}
    lorong, dalam_kaum, pendawan = villages["Lorong"], villages["Dalam Kaum"], villages["Pendawan"]
    assert (lorong["participants"], lorong["participants_suppressed"], lorong["participants_display"]) == (
        None, "small_cell", "<5")
    assert (dalam_kaum["participants"], dalam_kaum["participants_display"]) == (None, "*")
    assert (pendawan["participants"], pendawan["participants_display"]) == (7302, "7.302")
    assert "3" not in json.dumps(lorong).replace("6101012001", "")   # the hidden 3 is nowhere


def test_policy_threshold_reaches_the_payload(sample_data, sample_history):
    payload = build_dashboard_payload(sample_data, sample_history, policy=SuppressionPolicy(threshold=50))
    assert payload["small_cell"]["threshold"] == 50
    assert {v["village_name"]: v["participants_display"] for v in payload["villages"]}["Dalam Kaum"] == "<50"


def test_budgets_sanctions_construction(sample_data, sample_history):
    payload = build_dashboard_payload(sample_data, sample_history)
    apbd = payload["budgets"][0]
    assert apbd == {"funding_source": "apbd", "label": "APBD Kabupaten", "fiscal_year": 2026, "scheme": None,
                    "amount": 1_000_000_000, "committed": 250_000_000, "spent": 400_000_000, "released": 16_800,
                    "left": 349_983_200, "spent_percent": 40.0}
    assert apbd["committed"] + apbd["spent"] + apbd["released"] + apbd["left"] == apbd["amount"]
    assert payload["sanctions"]["totals"] == {"cases_open": 8, "imposed": 4, "lifted": 2}
    construction = payload["construction"]
    assert (construction["on_time"], construction["late"], construction["overdue_count"]) == (14, 3, 1)
    assert construction["overdue"][0]["registration_deadline"] == "2026-02-20"


def test_without_workforce_estimate_or_meta():
    data = ReportData.from_dict({"summary": {"participants": 10, "active_memberships": 8, "aid_funded": 0}})
    payload = build_dashboard_payload(data, [])
    assert payload["summary"]["coverage_percent"] is None
    assert payload["regency"] is None and payload["coverage_history"] == []


def test_dashboard_page_is_self_contained():
    html = (DASHBOARD / "index.html").read_text(encoding="utf-8")
    js = (DASHBOARD / "dashboard.js").read_text(encoding="utf-8")
    css = (DASHBOARD / "dashboard.css").read_text(encoding="utf-8")
    for text in (html, js, css):
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in text and "@import" not in text
    assert 'src="dashboard.js"' in html and 'href="dashboard.css"' in html
    assert "/v1/dashboard/data?regency_code=" in js and "/v1/dashboard/regencies" in js
    assert "X-API-Key" in js and "sessionStorage" in js
    assert "innerHTML" not in js                      # data only ever goes in as text
    for key in TOP_LEVEL - {"schema_version", "programs", "categories"}:
        assert key in js, key
