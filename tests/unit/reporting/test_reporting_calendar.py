"""Report periods, due dates and the BPJS monthly recap's lateness."""
from __future__ import annotations

import datetime as dt

import pytest
from reporting_samples import REGULATIONS

from reporting.reports.calendar import (
    ReportNotRequired,
    bpjs_recap_status,
    period,
    period_containing,
    periods_in_year,
    reporting_calendar,
)
from reporting.reports.profile import load_reporting_profile, parse_reporting_profile

D = dt.date


def profile(code: str):
    return load_reporting_profile(code, regulation=REGULATIONS[code])


@pytest.mark.parametrize("frequency, index, start, end, label", [
    ("month", 2, D(2028, 2, 1), D(2028, 2, 29), "Februari 2028"),
    ("quarter", 1, D(2026, 1, 1), D(2026, 3, 31), "Triwulan I 2026"),
    ("quarter", 4, D(2026, 10, 1), D(2026, 12, 31), "Triwulan IV 2026"),
    ("half_year", 2, D(2026, 7, 1), D(2026, 12, 31), "Semester II 2026"),
    ("year", 1, D(2026, 1, 1), D(2026, 12, 31), "Tahun 2026"),
])
def test_period_bounds_and_indonesian_labels(frequency, index, start, end, label):
    p = period(frequency, 2028 if frequency == "month" else 2026, index)
    assert (p.start, p.end, p.label) == (start, end, label)


def test_period_containing_and_counts():
    assert period_containing("quarter", D(2026, 8, 15)).label == "Triwulan III 2026"
    assert [len(periods_in_year(f, 2026)) for f in ("month", "quarter", "half_year", "year")] == [12, 4, 2, 1]
    with pytest.raises(ValueError):
        period("quarter", 2026, 5)


def due_dates(code: str, year: int) -> list[tuple[str, str, dt.date]]:
    return [(s.obligation.id, s.period.label, s.due_date) for s in reporting_calendar(profile(code), year)]


def test_tts_2026_calendar():
    assert due_dates("5304", 2026) == [
        ("supervision_quarterly", "Triwulan I 2026", D(2026, 4, 30)),
        ("policy_half_yearly", "Semester I 2026", D(2026, 7, 30)),
        ("supervision_quarterly", "Triwulan II 2026", D(2026, 7, 30)),
        ("supervision_quarterly", "Triwulan III 2026", D(2026, 10, 30)),
        ("implementation_yearly", "Tahun 2026", D(2027, 1, 30)),
        ("policy_half_yearly", "Semester II 2026", D(2027, 1, 30)),
        ("supervision_quarterly", "Triwulan IV 2026", D(2027, 1, 30)),
    ]


def test_nothing_is_owed_before_the_regulation_applies():
    # Perbup TTS No. 20/2025 applies from 29 October 2025: only the periods reaching past it
    owed = reporting_calendar(profile("5304"), 2025)
    assert [(s.period.label, s.covers_from) for s in owed if s.obligation.id == "supervision_quarterly"] == [
        ("Triwulan IV 2025", D(2025, 10, 29))]
    assert {s.period.label for s in owed} == {"Triwulan IV 2025", "Semester II 2025", "Tahun 2025"}
    assert reporting_calendar(profile("5304"), 2024) == []


def test_berau_recaps_due_on_the_15th_of_the_following_month():
    recaps = [(label, due) for rid, label, due in due_dates("6405", 2026) if rid == "bpjs_monthly_recap"]
    assert recaps[0] == ("Januari 2026", D(2026, 2, 15))
    assert recaps[-1] == ("Desember 2026", D(2027, 1, 15))
    assert len(recaps) == 12


def test_scheduled_report_explains_itself_with_citations():
    first = reporting_calendar(profile("6405"), 2026)[0]
    text = first.explain()
    assert "paling lambat 15 Februari 2026" in text
    assert "Perbup Berau No. 44/2024 Pasal 22" in text
    assert [str(c) for c in first.citations] == ["Perbup Berau No. 44/2024 Pasal 22"] * 2
    tabalong = reporting_calendar(profile("6309"), 2026)[0]
    assert "dasar (interpretasi)" in tabalong.explain()


@pytest.mark.parametrize("received, today, status, days_late", [
    (D(2026, 2, 3), D(2026, 3, 1), "on_time", 0),
    (D(2026, 2, 15), D(2026, 3, 1), "on_time", 0),      # "paling lambat tanggal 15": the 15th counts
    (D(2026, 2, 16), D(2026, 3, 1), "late", 1),
    (D(2026, 3, 20), D(2026, 3, 25), "late", 33),
    (None, D(2026, 2, 15), "not_due", 0),
    (None, D(2026, 1, 20), "not_due", 0),
    (None, D(2026, 2, 16), "missing_overdue", 1),
    (None, D(2026, 4, 1), "missing_overdue", 45),
])
def test_bpjs_recap_status(received, today, status, days_late):
    result = bpjs_recap_status(D(2026, 1, 9), received, today, profile=profile("6405"))
    assert (result.status, result.days_late, result.due_date) == (status, days_late, D(2026, 2, 15))
    assert result.period.label == "Januari 2026"
    assert str(result.citation) == "Perbup Berau No. 44/2024 Pasal 22"


def test_recap_status_labels_are_indonesian():
    late = bpjs_recap_status(D(2026, 1, 1), D(2026, 2, 20), D(2026, 2, 20), profile=profile("6405"))
    assert late.label == "terlambat"


def test_december_recap_is_due_in_january_of_the_next_year():
    result = bpjs_recap_status(D(2025, 12, 31), None, D(2026, 1, 15), profile=profile("6405"))
    assert (result.due_date, result.status) == (D(2026, 1, 15), "not_due")


def test_recap_before_the_regulation_or_where_not_required():
    with pytest.raises(ReportNotRequired):
        bpjs_recap_status(D(2024, 8, 1), None, D(2024, 10, 1), profile=profile("6405"))   # before 20 Sep 2024
    with pytest.raises(ReportNotRequired):
        bpjs_recap_status(D(2026, 1, 1), None, D(2026, 3, 1), profile=profile("6101"))   # Sambas has none


def test_due_day_is_clipped_to_short_months():
    data = {"reports": [{"id": "bpjs_monthly_recap", "title": "t", "frequency": "month", "submitted_by": "a",
                         "submitted_to": "b", "citation": "Pasal 1", "basis": "regulation", "from": "2026-01-01",
                         "due": {"rule": "day_of_following_month", "value": 31}}]}
    p = parse_reporting_profile(data, regency_code="9999", regulation="Perbup Contoh No. 1/2026")
    assert bpjs_recap_status(D(2026, 1, 5), None, D(2026, 1, 5), profile=p).due_date == D(2026, 2, 28)
