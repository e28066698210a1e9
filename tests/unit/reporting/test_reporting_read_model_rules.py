"""Pure rules behind the read models: construction status, budget figures, age bands, period
keys in URLs, report windows and the area rows the reports and dashboard share."""
from __future__ import annotations

import datetime as dt

import pytest

from reporting.aid.domain import committed
from reporting.construction.domain import LATE, ON_TIME, OVERDUE, PENDING, days_overdue, status_on
from reporting.coverage.domain import AreaCount, age_band_sql, district_rows, village_rows
from reporting.periodic import domain as periods
from reporting.reports import load_reporting_profile, reporting_calendar

DEADLINE = dt.date(2026, 2, 20)


@pytest.mark.parametrize("registered, day, expected", [
    (dt.date(2026, 2, 20), dt.date(2026, 3, 1), ON_TIME),     # the deadline day is still in time
    (dt.date(2026, 2, 21), dt.date(2026, 3, 1), LATE),
    (None, dt.date(2026, 2, 20), PENDING),
    (None, dt.date(2026, 2, 21), OVERDUE),
    (dt.date(2026, 3, 5), dt.date(2026, 3, 1), OVERDUE),      # registered after the report's day
])
def test_construction_status_on_a_day(registered, day, expected):
    assert status_on(DEADLINE, registered, day) == expected


def test_days_overdue_never_negative():
    assert days_overdue(DEADLINE, dt.date(2026, 3, 1)) == 9
    assert days_overdue(DEADLINE, dt.date(2026, 2, 1)) == 0


def test_committed_is_allocated_less_released_back_and_paid_never_negative():
    assert committed(1_000_000, 100_000, 300_000) == 600_000
    assert committed(100_000, 0, 300_000) == 0


def test_age_bands_in_sql_cover_every_age_once():
    sql = age_band_sql("p.birth_year", "year")
    assert "WHEN (:year - p.birth_year) <= 17 THEN '<18'" in sql
    assert "WHEN (:year - p.birth_year) >= 18 AND (:year - p.birth_year) <= 24 THEN '18-24'" in sql
    assert "WHEN (:year - p.birth_year) >= 65 THEN '65+'" in sql
    assert "p.birth_year IS NULL THEN 'unknown'" in sql


@pytest.mark.parametrize("frequency, key, start, end", [
    ("month", "2026-02", dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
    ("quarter", "2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
    ("half_year", "2026-H2", dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
    ("year", "2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
])
def test_period_keys_round_trip(frequency, key, start, end):
    parsed = periods.parse_period_key(frequency, key)
    assert (parsed.start, parsed.end) == (start, end)
    assert periods.period_key(parsed) == key


@pytest.mark.parametrize("frequency, key", [("month", "2026-13"), ("quarter", "2026-Q5"), ("half_year", "2026-Q1"),
                                            ("year", "26")])
def test_bad_period_keys_are_refused(frequency, key):
    with pytest.raises(ValueError):
        periods.parse_period_key(frequency, key)


def test_owed_status_and_window_follow_the_calendar():
    quarterly = next(s for s in reporting_calendar(load_reporting_profile("6101"), 2026)
                     if s.obligation.id == "supervision_quarterly" and s.period.index == 1)
    assert periods.owed_status(quarterly, dt.date(2026, 3, 31)) == periods.IN_PROGRESS
    assert periods.owed_status(quarterly, dt.date(2026, 4, 30)) == periods.DUE
    assert periods.owed_status(quarterly, dt.date(2026, 5, 1)) == periods.PAST_DUE
    span = periods.window(quarterly, dt.date(2026, 2, 10))
    assert (span.since, span.as_of) == (dt.date(2026, 1, 1), dt.date(2026, 2, 10))


def test_area_rows_add_up_per_district_and_keep_participants_without_a_village():
    areas = [AreaCount("610101", "6101012001", 7, 6, 2), AreaCount("610101", "6101012002", 2, 1, 0),
             AreaCount(None, None, 3, 3, 1)]
    districts = district_rows(areas)
    assert [(d.district_code, d.participants, d.active_memberships, d.aid_funded) for d in districts] == [
        ("610101", 9, 7, 2), ("-", 3, 3, 1)]
    assert districts[1].district_name == "Tidak diketahui"
    villages = village_rows(areas)
    assert [v.village_name for v in villages][-1] == "Tidak diketahui"


def test_payload_fields_a_producer_added_later_are_ignored_but_missing_ones_fail():
    import uuid

    from pydantic import ValidationError

    from reporting.projection import read
    from shared.events import envelope_for
    from shared.events.registry import ParticipantRegistered

    envelope = envelope_for(ParticipantRegistered(participant_id=uuid.uuid4(), worker_type="bpu", category="petani",
                                                  sex="F", birth_year=1990, registered_on=dt.date(2026, 1, 5)),
                            regency_code="6101")
    envelope.payload["field_from_the_future"] = 1
    assert read(envelope).sex == "F"
    del envelope.payload["sex"]
    with pytest.raises(ValidationError):
        read(envelope)


def test_a_budget_without_a_known_pagu_has_no_sisa():
    from reporting.reports import BudgetRow, ReportData, Summary
    from reporting.reports.tables import budget_table

    unknown = BudgetRow("apbd", 2026, None, committed=100, spent=50)
    known = BudgetRow("csr", 2026, 1000, committed=100, spent=50)
    assert unknown.left is None and known.left == 850
    total = budget_table(ReportData(Summary(0, 0, 0), budgets=(unknown, known))).total
    assert total[1] is None and total[2] == 200 and total[5] is None


def test_areas_carry_the_names_of_the_regencys_place_list_and_its_word_for_a_desa():
    """Berau (BPS 6405, Kemendagri 64.03) calls a desa "Kampung"; TTS (5304 / 53.02) has kelurahan;
    a code the list does not know keeps its code (what a clerk can look up)."""
    from reporting.regencies import place_names

    berau = [AreaCount("640301", "6403012001", 7, 6, 2), AreaCount("640599", "6405992001", 1, 1, 0)]
    assert [d.district_name for d in district_rows(berau, place_names("6405"))] == [
        "Kecamatan Kelay", "Kecamatan 640599"]
    assert [v.village_name for v in village_rows(berau, place_names("6405"))] == [
        "Kampung Merabu", "Desa/Kel. 6405992001"]
    tts = [AreaCount("530201", "5302011001", 3, 3, 0), AreaCount("530202", "5302022001", 4, 4, 0)]
    assert [(v.district_name, v.village_name) for v in village_rows(tts, place_names("5304"))] == [
        ("Kecamatan Kota Soe", "Kelurahan SoE"), ("Kecamatan Mollo Selatan", "Desa Biloto")]
