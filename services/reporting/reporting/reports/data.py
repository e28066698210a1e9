"""The input of every report renderer: plain dataclasses built by the read models.

`ReportData` has exactly the sections of a period report (summary, districts, villages,
programmes, categories, budgets, sanctions, construction, complaints). Renderers never query anything:
the lead's service fills these from its read models and calls `render_xlsx`, `render_pdf`
or `build_dashboard_payload`. `ReportData.from_dict` accepts the same shape as plain dicts
(dates as ISO strings are fine).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _datetime(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def _build(cls, raw: Any):
    """A dataclass from a dict (ignoring unknown keys) or the instance itself."""
    if isinstance(raw, cls):
        return raw
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in raw.items() if k in names})


def percent(part: int, whole: int | None) -> float | None:
    """`part` as a percentage of `whole`; None when the whole is unknown or zero."""
    if not whole:
        return None
    return round(100.0 * part / whole, 2)


@dataclass(frozen=True)
class NationalTargetLine:
    """A national coverage target as the report prints it beside the regency's own (national/targets.yaml)."""

    label: str  # "Target nasional (RPJMN 2020-2024)"
    text: str   # "52 % pada 2024 - dilaporkan Bisnis.com, 15 November 2021"


@dataclass(frozen=True)
class Summary:
    participants: int
    active_memberships: int
    aid_funded: int
    workforce_estimate: int | None = None       # profile `workforce_estimate` (not law)
    ucj_target_percent: float | None = None     # profile `ucj.coverage_target_percent`
    interim_target_percent: float | None = None  # profile `ucj.interim_targets_percent`
    data_as_of: dt.datetime | None = None       # time of the newest event reflected

    def __post_init__(self):
        object.__setattr__(self, "data_as_of", _datetime(self.data_as_of))

    @property
    def coverage_percent(self) -> float | None:
        return percent(self.active_memberships, self.workforce_estimate)


@dataclass(frozen=True)
class DistrictRow:
    district_code: str
    district_name: str
    participants: int
    active_memberships: int
    aid_funded: int = 0
    workforce_estimate: int | None = None

    @property
    def coverage_percent(self) -> float | None:
        return percent(self.active_memberships, self.workforce_estimate)


@dataclass(frozen=True)
class VillageRow:
    """One village. Include one row per district for participants without a village
    (village_code None, "tidak diketahui") so each district's villages add up to its total:
    complementary suppression relies on that."""

    district_code: str
    district_name: str
    village_code: str | None
    village_name: str
    participants: int
    active_memberships: int


@dataclass(frozen=True)
class ProgramRow:
    program: str            # JKK, JKM, JHT, JP, JKP
    active_memberships: int


@dataclass(frozen=True)
class CategoryRow:
    category: str
    participants: int
    active_memberships: int
    label: str | None = None  # Indonesian label from participants.yaml; falls back to the code


@dataclass(frozen=True)
class BudgetRow:
    """One budget. `committed`, `spent`, `released` and `left` partition `amount` (pagu):
    committed = allocated, not yet paid (terikat); spent = paid to BPJS (terpakai);
    released = returned out of this budget and no longer usable (dikembalikan, e.g. lapsed
    to the regency treasury); left = still available (sisa). An allocation cancelled back
    into the same budget is part of `left`, not `released`. `amount` is None while the pagu is
    unknown (no event carried it yet); `left` is then unknown too."""

    funding_source: str
    fiscal_year: int
    amount: int | None
    committed: int
    spent: int
    released: int = 0
    scheme: str | None = None

    @property
    def left(self) -> int | None:
        if self.amount is None:
            return None
        return self.amount - self.committed - self.spent - self.released


@dataclass(frozen=True)
class SanctionRow:
    """Counts for one kind of violation in the period: cases open at the period end,
    sanctions imposed during the period, sanctions lifted during the period."""

    violation: str
    cases_open: int
    imposed: int
    lifted: int
    label: str | None = None


@dataclass(frozen=True)
class OverdueProject:
    """A construction project not registered with BPJS although its deadline has passed.
    Names a project and an employer (a business), never a person's personal data."""

    project_name: str
    employer_name: str
    spk_date: dt.date
    registration_deadline: dt.date
    days_overdue: int
    district_name: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "spk_date", _date(self.spk_date))
        object.__setattr__(self, "registration_deadline", _date(self.registration_deadline))


@dataclass(frozen=True)
class Construction:
    on_time: int
    late: int
    pending: int                  # not yet registered, deadline not passed
    overdue: tuple[OverdueProject, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "overdue", tuple(_build(OverdueProject, p) for p in self.overdue))


@dataclass(frozen=True)
class ComplaintRow:
    """Complaints received in the period with one category, channel and current stage, by timeliness
    (SP4N-LAPOR! stage deadlines in working days; an escalated stage is late)."""

    category: str
    channel: str
    stage: str
    received: int
    closed_on_time: int = 0
    closed_late: int = 0
    open_overdue: int = 0
    open_in_time: int = 0


@dataclass(frozen=True)
class SupervisionRow:
    """One employer the period's supervision dealt with (a compliance case open at some time in the
    period): the finding and its follow-up. Names a business (NIB), never a person."""

    employer: str                 # "NIB 9120..." or the case subject when the employer is unknown
    finding: str                  # violation label
    source: str                   # where the finding came from (inspector, BPJS, system)
    opened_on: dt.date
    follow_up: str                # the case's state at the period end, in Indonesian
    follow_up_on: dt.date | None = None

    def __post_init__(self):
        object.__setattr__(self, "opened_on", _date(self.opened_on))
        object.__setattr__(self, "follow_up_on", _date(self.follow_up_on))


@dataclass(frozen=True)
class RecapRow:
    """BPJS's monthly recap for one month of the period (Berau Pasal 22): received when, late or not."""

    month: str                    # "Januari 2026"
    due_date: dt.date
    received_on: dt.date | None
    status: str                   # Indonesian status label
    days_late: int | None = None
    reference: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "due_date", _date(self.due_date))
        object.__setattr__(self, "received_on", _date(self.received_on))


SECTIONS = ("summary", "districts", "villages", "programs", "categories", "budgets", "sanctions", "supervision",
            "construction", "complaints", "bpjs_recaps")
# a report whose profile entry names no sections: the statistics every period report carries
DEFAULT_SECTIONS = ("summary", "districts", "villages", "programs", "categories", "budgets", "sanctions",
                    "construction")


@dataclass(frozen=True)
class ReportData:
    summary: Summary
    districts: tuple[DistrictRow, ...] = ()
    villages: tuple[VillageRow, ...] = ()
    programs: tuple[ProgramRow, ...] = ()
    categories: tuple[CategoryRow, ...] = ()
    budgets: tuple[BudgetRow, ...] = ()
    sanctions: tuple[SanctionRow, ...] = ()
    construction: Construction = field(default_factory=lambda: Construction(0, 0, 0))
    complaints: tuple[ComplaintRow, ...] = ()
    supervision: tuple[SupervisionRow, ...] = ()
    recaps: tuple[RecapRow, ...] = ()
    national_targets: tuple[NationalTargetLine, ...] = ()

    @classmethod
    def from_dict(cls, raw: dict) -> ReportData:
        return cls(
            summary=_build(Summary, raw["summary"]),
            districts=tuple(_build(DistrictRow, r) for r in raw.get("districts", ())),
            villages=tuple(_build(VillageRow, r) for r in raw.get("villages", ())),
            programs=tuple(_build(ProgramRow, r) for r in raw.get("programs", ())),
            categories=tuple(_build(CategoryRow, r) for r in raw.get("categories", ())),
            budgets=tuple(_build(BudgetRow, r) for r in raw.get("budgets", ())),
            sanctions=tuple(_build(SanctionRow, r) for r in raw.get("sanctions", ())),
            construction=_build(Construction, raw.get("construction", {"on_time": 0, "late": 0, "pending": 0})),
            complaints=tuple(_build(ComplaintRow, r) for r in raw.get("complaints", ())),
            supervision=tuple(_build(SupervisionRow, r) for r in raw.get("supervision", ())),
            recaps=tuple(_build(RecapRow, r) for r in raw.get("recaps", ())),
            national_targets=tuple(_build(NationalTargetLine, r) for r in raw.get("national_targets", ())),
        )


@dataclass(frozen=True)
class CoveragePoint:
    """One month of the coverage history (dashboard line chart)."""

    month: dt.date              # first day of the month
    participants: int
    active_memberships: int
    workforce_estimate: int | None = None

    def __post_init__(self):
        object.__setattr__(self, "month", _date(self.month))

    @property
    def coverage_percent(self) -> float | None:
        return percent(self.active_memberships, self.workforce_estimate)


@dataclass(frozen=True)
class ReportMeta:
    """What the report is: printed on the cover of every export."""

    regency_name: str
    period_label: str            # e.g. "Triwulan I 2026" (calendar.ReportPeriod.label)
    report_kind_label: str       # e.g. "Laporan Tim Koordinasi kepada Bupati (semester)"
    generated_at: dt.datetime
    regency_code: str | None = None
    legal_basis: str | None = None   # rendered citation, e.g. "Perbup TTS No. 20/2025 Pasal 26 ayat (3)"
    official: Official | None = None  # number, kop and signer from the document register; None: a draft
    sections: tuple[str, ...] = DEFAULT_SECTIONS  # what this kind of report holds (reporting.yaml `sections`)


@dataclass(frozen=True)
class Official:
    """What the document register fixed for an issued report (shared.documents.Stamp, flattened)."""

    number: str
    issued_on: dt.date
    place: str
    heading: tuple[str, ...]
    contact: tuple[str, ...]
    signer_name: str
    signer_position: str
    signer_nip: str | None
    signer_rank: str | None
    verification: str
