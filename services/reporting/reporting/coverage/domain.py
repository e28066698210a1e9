"""Pure coverage rules: age bands and area labels. Bands are a statistical presentation
(BPS five-year groups, merged at the ends), not law."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from reporting.reports import DistrictRow, VillageRow

AGE_BANDS = ((None, 17, "<18"), (18, 24, "18-24"), (25, 34, "25-34"), (35, 44, "35-44"), (45, 54, "45-54"),
             (55, 64, "55-64"), (65, None, "65+"))
UNKNOWN = "unknown"


def age_band_sql(birth_year_column: str, year_param: str) -> str:
    """The bands as a SQL CASE over the age reached in `:year` (events carry the birth year only)."""
    age = f"(:{year_param} - {birth_year_column})"
    arms = []
    for low, high, label in AGE_BANDS:
        conditions = [f"{age} >= {low}" if low is not None else None, f"{age} <= {high}" if high is not None else None]
        arms.append(f"WHEN {' AND '.join(c for c in conditions if c)} THEN '{label}'")
    return f"CASE WHEN {birth_year_column} IS NULL THEN '{UNKNOWN}' {' '.join(arms)} ELSE '{UNKNOWN}' END"


def district_name(code: str | None) -> str:
    """Events carry Kemendagri codes, not names; the code is what a clerk can look up."""
    return f"Kecamatan {code}" if code else "Tidak diketahui"


def village_name(code: str | None) -> str:
    return f"Desa/Kel. {code}" if code else "Tidak diketahui"


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


NO_DISTRICT = "-"


@dataclass(frozen=True)
class AreaCount:
    """Counts of one (district, village); a null village collects participants without one."""

    district_code: str | None
    village_code: str | None
    participants: int
    active_memberships: int
    aid_funded: int


def district_rows(areas: list[AreaCount]) -> list[DistrictRow]:
    sums: dict[str | None, list[int]] = defaultdict(lambda: [0, 0, 0])
    for area in areas:
        total = sums[area.district_code]
        total[0] += area.participants
        total[1] += area.active_memberships
        total[2] += area.aid_funded
    return [DistrictRow(code or NO_DISTRICT, district_name(code), *figures)
            for code, figures in sorted(sums.items(), key=lambda item: (item[0] is None, item[0] or ""))]


def village_rows(areas: list[AreaCount]) -> list[VillageRow]:
    return [VillageRow(a.district_code or NO_DISTRICT, district_name(a.district_code), a.village_code,
                       village_name(a.village_code), a.participants, a.active_memberships) for a in areas]
