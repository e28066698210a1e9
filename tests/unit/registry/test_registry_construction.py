import datetime as dt

import pytest
import yaml

from registry.domain.construction import (
    LATE,
    ON_TIME,
    PENDING,
    assess_registration,
    registration_deadline,
    registration_status,
)
from registry.domain.registry_profile import registry_profile_from
from shared.calendar import WorkingDayCalendar
from shared.regulation import regency_dirs
from tests.unit.registry.registry_unit_helpers import registry_profile

D = dt.date
WITH_JOINT = WorkingDayCalendar(joint_leave_is_holiday=True)
WITHOUT_JOINT = WorkingDayCalendar(joint_leave_is_holiday=False)


@pytest.mark.parametrize("spk,with_joint,without_joint", [
    # Independence Day 2025 fell on Sunday; Monday 18 Aug was cuti bersama.
    (D(2025, 8, 8), D(2025, 8, 29), D(2025, 8, 28)),
    # Eid al-Fitr 2025: 31 Mar-1 Apr public, 28 Mar and 2-4, 7 Apr cuti bersama, 18 Apr Good Friday.
    (D(2025, 3, 24), D(2025, 4, 23), D(2025, 4, 15)),
    # Year end: 25 Dec public, 26 Dec cuti bersama, 1 Jan public.
    (D(2025, 12, 17), D(2026, 1, 9), D(2026, 1, 8)),
])
def test_fourteen_working_days_across_holidays(spk, with_joint, without_joint):
    assert registration_deadline(spk, WITH_JOINT, 14) == with_joint
    assert registration_deadline(spk, WITHOUT_JOINT, 14) == without_joint


def test_independence_day_on_a_weekday_is_skipped_either_way():
    # 17 Aug 2026 is a Monday (public holiday), 25 Aug 2026 the Prophet's Birthday.
    assert registration_deadline(D(2026, 8, 7), WITH_JOINT, 14) == D(2026, 8, 31)
    assert registration_deadline(D(2026, 8, 7), WITHOUT_JOINT, 14) == D(2026, 8, 31)


def test_the_spk_day_is_not_counted():
    assert registration_deadline(D(2026, 3, 2), WITH_JOINT, 1) == D(2026, 3, 3)  # Monday -> Tuesday


def test_status_on_time_on_the_deadline_day_and_late_the_day_after():
    deadline = D(2025, 4, 23)
    assert registration_status(D(2025, 3, 24), D(2025, 4, 23), D(2025, 5, 1), deadline=deadline).status == ON_TIME
    assert registration_status(D(2025, 3, 24), D(2025, 3, 20), D(2025, 5, 1), deadline=deadline).status == ON_TIME
    late = registration_status(D(2025, 3, 24), D(2025, 4, 24), D(2025, 5, 1), deadline=deadline)
    assert (late.status, late.overdue_since) == (LATE, D(2025, 4, 24))
    assert (
        late.finding.days_late == 1
        and not late.finding.missed
        and late.finding.code == "construction_registration_overdue"
    )


def test_status_pending_until_the_deadline_then_a_missed_registration():
    deadline = D(2025, 4, 23)
    pending = registration_status(D(2025, 3, 24), None, D(2025, 4, 23), deadline=deadline)
    assert (pending.status, pending.overdue_since, pending.finding) == (PENDING, None, None)
    missed = registration_status(D(2025, 3, 24), None, D(2025, 4, 30), deadline=deadline)
    assert (missed.status, missed.overdue_since) == (LATE, D(2025, 4, 24))
    assert missed.finding.missed and missed.finding.days_late == 7


def test_assess_uses_the_regency_rule_in_force_on_the_spk_date():
    lamandau = assess_registration(D(2025, 3, 24), None, D(2025, 4, 30), registry=registry_profile("6207"))
    assert lamandau.deadline == D(2025, 4, 23) and lamandau.status == LATE
    assert str(lamandau.finding.citation) == "Perbup Lamandau No. 25/2024 Pasal 6 ayat (6) huruf c"
    tts = assess_registration(D(2025, 12, 17), D(2026, 1, 9), D(2026, 2, 1), registry=registry_profile("5304"))
    assert (tts.deadline, tts.status, str(tts.citation)) == (
        D(2026, 1, 9),
        ON_TIME,
        "Perbup TTS No. 20/2025 Pasal 7 ayat (3)",
    )
    before_perbup = assess_registration(D(2025, 8, 8), None, D(2025, 8, 20), registry=registry_profile("5304"))
    assert str(before_perbup.citation) == "Permenaker 44/2015" and before_perbup.status == PENDING


def test_berau_uses_the_national_rule_and_tabalong_adds_before_work_starts():
    berau = assess_registration(D(2025, 8, 8), D(2025, 9, 1), D(2025, 9, 2), registry=registry_profile("6405"))
    assert berau.deadline == D(2025, 8, 29) and berau.status == LATE and str(berau.citation) == "Permenaker 44/2015"
    tabalong = assess_registration(D(2025, 8, 8), None, D(2025, 8, 10), registry=registry_profile("6309"))
    assert str(tabalong.before_work_starts) == "Perbup Tabalong No. 5/2025 Pasal 23 ayat (4)"


def test_a_regency_counting_joint_leave_as_working_days_gets_an_earlier_deadline():
    data = yaml.safe_load((regency_dirs()["6207"] / "registry.yaml").read_text())
    data["interpretations"]["joint_leave_is_holiday"]["choice"] = False
    profile = registry_profile_from("6207", data, regulation="Perbup Lamandau No. 25/2024")
    assessed = assess_registration(D(2025, 3, 24), D(2025, 4, 16), D(2025, 5, 1), registry=profile)
    assert assessed.deadline == D(2025, 4, 15) and assessed.status == LATE
