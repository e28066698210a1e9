"""Reporting's vocabularies (docs/API.md §12), from the regency's `reporting.yaml` as the kernel
loaded it: the report kinds (with frequency, who submits to whom, the due rule) and their calendar
for the year of `as_of` (each period with its due date)."""
from __future__ import annotations

import datetime as dt

from reporting.regencies import known_regencies, reporting_profile
from reporting.reports.calendar import reporting_calendar
from shared.vocabularies import Vocabularies, term

FREQUENCIES = {"month": ("bulanan", "monthly"), "quarter": ("triwulanan", "quarterly"),
               "half_year": ("semesteran", "half-yearly"), "year": ("tahunan", "yearly")}


def vocabularies(regency_code: str, as_of: dt.date) -> Vocabularies:
    if regency_code not in known_regencies():  # a regency without a reporting part reports nothing here
        return {}
    profile = reporting_profile(regency_code)
    return {
        "report_kinds": [term(r.id, r.title, r.citation, valid_from=r.valid_from, valid_until=r.valid_until,
                              frequency=r.frequency, frequency_label=FREQUENCIES[r.frequency][0],
                              submitted_by=r.submitted_by, submitted_to=r.submitted_to, basis=r.basis,
                              due_rule=r.due.rule, due_value=r.due.value,
                              due_citation=str(r.due.citation) if r.due.citation else None,
                              due_interpretation=r.due.interpretation) for r in profile.reports],
        "report_calendar": [term(f"{s.obligation.id}:{s.period.start.isoformat()}",
                                 f"{s.obligation.title} periode {s.period.label}", s.obligation.citation,
                                 report_kind=s.obligation.id, period=s.period.label, covers_from=s.covers_from,
                                 covers_until=s.covers_until, due_date=s.due_date)
                            for s in reporting_calendar(profile, as_of.year)],
        "frequencies": [term(k, label, label_en=en) for k, (label, en) in FREQUENCIES.items()],
    }
