"""Fixtures for the reporting unit tests (data in reporting_samples.py)."""
from __future__ import annotations

import datetime as dt

import pytest
from reporting_samples import SAMPLE

from reporting.reports.data import CoveragePoint, ReportData, ReportMeta


@pytest.fixture
def sample_data() -> ReportData:
    return ReportData.from_dict(SAMPLE)


@pytest.fixture
def sample_meta() -> ReportMeta:
    return ReportMeta(regency_name="Sambas", period_label="Triwulan I 2026",
                      report_kind_label="Laporan hasil pembinaan dan pengawasan",
                      generated_at=dt.datetime(2026, 4, 2, 9, 30), regency_code="6101",
                      legal_basis="Perbup Sambas No. 59/2025 Pasal 28 ayat (1)")


@pytest.fixture
def sample_history() -> list[CoveragePoint]:
    return [CoveragePoint(dt.date(2026, m, 1), 12000 + 100 * m, 10700 + 100 * m, 220000) for m in (3, 1, 2)]
