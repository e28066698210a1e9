"""Pure coverage rules: age bands and area labels. Bands are a statistical presentation
(BPS five-year groups, merged at the ends), not law."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from reporting.reports import DistrictRow, VillageRow
from shared.regulation.places import Places

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


@dataclass(frozen=True)
class PlaceNames:
    """How a regency names its places: the kecamatan and desa/kelurahan of its places.csv
    (Kepmendagri codes, shared/regulation/places.py) and its own word for each village kind
    (participants.yaml `village_kinds`: Berau calls a desa "Kampung"), keyed by the code's 7th digit."""

    places: Places | None = None
    village_labels: dict[str, str] = field(default_factory=dict)  # "2" -> "Kampung"


NO_NAMES = PlaceNames()


def district_name(code: str | None, names: PlaceNames = NO_NAMES) -> str:
    """Events carry Kemendagri codes, not names: the name from the regency's place list, the code
    (what a clerk can look up) when the list does not know it."""
    place = names.places.district(code) if names.places else None
    return (place.label() if place else f"Kecamatan {code}") if code else "Tidak diketahui"


def village_name(code: str | None, names: PlaceNames = NO_NAMES) -> str:
    place = names.places.village(code) if names.places else None
    if not code:
        return "Tidak diketahui"
    return place.label(names.village_labels) if place else f"Desa/Kel. {code}"


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


def district_rows(areas: list[AreaCount], names: PlaceNames = NO_NAMES) -> list[DistrictRow]:
    sums: dict[str | None, list[int]] = defaultdict(lambda: [0, 0, 0])
    for area in areas:
        total = sums[area.district_code]
        total[0] += area.participants
        total[1] += area.active_memberships
        total[2] += area.aid_funded
    return [DistrictRow(code or NO_DISTRICT, district_name(code, names), *figures)
            for code, figures in sorted(sums.items(), key=lambda item: (item[0] is None, item[0] or ""))]


def village_rows(areas: list[AreaCount], names: PlaceNames = NO_NAMES) -> list[VillageRow]:
    return [VillageRow(a.district_code or NO_DISTRICT, district_name(a.district_code, names), a.village_code,
                       village_name(a.village_code, names), a.participants, a.active_memberships) for a in areas]
