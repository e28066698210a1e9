"""The JSON body of `GET /v1/dashboard/data` (shape documented in dashboard/DATA.md).

Pure: ReportData + coverage history in, a JSON-ready dict out, village counts suppressed.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from . import formatting as fmt
from . import labels
from .data import CoveragePoint, ReportData, ReportMeta, VillageRow, percent
from .suppression import SuppressionPolicy, display, flag_key
from .tables import VILLAGE_COUNTS, suppressed_villages

SCHEMA_VERSION = 1


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _meta(meta: ReportMeta | None) -> dict:
    if meta is None:
        return {"regency": None, "period": None, "generated_at": None}
    return {
        "regency": {"code": meta.regency_code, "name": meta.regency_name},
        "period": {"label": meta.period_label, "kind": meta.report_kind_label, "legal_basis": meta.legal_basis},
        "generated_at": _iso(meta.generated_at),
    }


def _summary(data: ReportData) -> dict:
    s = data.summary
    return {
        "participants": s.participants, "active_memberships": s.active_memberships, "aid_funded": s.aid_funded,
        "workforce_estimate": s.workforce_estimate, "coverage_percent": s.coverage_percent,
        "ucj_target_percent": s.ucj_target_percent, "interim_target_percent": s.interim_target_percent,
    }


def _history(history: Iterable[CoveragePoint]) -> list[dict]:
    points = sorted(history, key=lambda p: p.month)
    return [{"month": f"{p.month:%Y-%m}", "participants": p.participants,
             "active_memberships": p.active_memberships, "coverage_percent": p.coverage_percent}
            for p in points]


def _districts(data: ReportData) -> list[dict]:
    return [{"code": d.district_code, "name": d.district_name, "participants": d.participants,
             "active_memberships": d.active_memberships, "aid_funded": d.aid_funded,
             "workforce_estimate": d.workforce_estimate, "coverage_percent": d.coverage_percent}
            for d in data.districts]


def village_items(villages: Sequence[VillageRow], policy: SuppressionPolicy) -> list[dict]:
    """Village rows as JSON, small cells suppressed (also served by GET /v1/coverage/villages)."""
    out = []
    for row in suppressed_villages(villages, policy).rows:
        item = {"district_code": row["district_code"], "district_name": row["district_name"],
                "village_code": row["village_code"], "village_name": row["village_name"]}
        for column in VILLAGE_COUNTS:
            item[column] = row[column]
            item[flag_key(column)] = row[flag_key(column)]
            item[f"{column}_display"] = display(row, column, policy, fmt.number)
        out.append(item)
    return out


def _budgets(data: ReportData) -> list[dict]:
    return [{"funding_source": b.funding_source, "label": labels.funding_source(b.funding_source),
             "fiscal_year": b.fiscal_year, "scheme": b.scheme, "amount": b.amount, "committed": b.committed,
             "spent": b.spent, "released": b.released, "left": b.left,
             "spent_percent": percent(b.spent, b.amount)} for b in data.budgets]


def _sanctions(data: ReportData) -> dict:
    rows = [{"violation": s.violation, "label": s.label or s.violation, "cases_open": s.cases_open,
             "imposed": s.imposed, "lifted": s.lifted} for s in data.sanctions]
    totals = {k: sum(r[k] for r in rows) for k in ("cases_open", "imposed", "lifted")}
    return {"rows": rows, "totals": totals}


def _construction(data: ReportData) -> dict:
    c = data.construction
    overdue = sorted(c.overdue, key=lambda p: -p.days_overdue)
    return {"on_time": c.on_time, "late": c.late, "pending": c.pending, "overdue_count": len(overdue),
            "overdue": [{"project_name": p.project_name, "employer_name": p.employer_name,
                         "district_name": p.district_name, "spk_date": _iso(p.spk_date),
                         "registration_deadline": _iso(p.registration_deadline),
                         "days_overdue": p.days_overdue} for p in overdue]}


def build_dashboard_payload(data: ReportData, history: Iterable[CoveragePoint], *,
                            meta: ReportMeta | None = None,
                            policy: SuppressionPolicy = SuppressionPolicy()) -> dict:
    """Everything the dashboard draws, in one JSON-ready dict (see dashboard/DATA.md)."""
    return {
        "schema_version": SCHEMA_VERSION,
        **_meta(meta),
        "data_as_of": _iso(data.summary.data_as_of),
        "summary": _summary(data),
        "national_targets": [{"label": n.label, "text": n.text} for n in data.national_targets],
        "coverage_history": _history(history),
        "districts": _districts(data),
        "villages": village_items(data.villages, policy),
        "programs": [{"program": p.program, "label": labels.program(p.program),
                      "active_memberships": p.active_memberships} for p in data.programs],
        "categories": [{"category": c.category, "label": c.label or c.category, "participants": c.participants,
                        "active_memberships": c.active_memberships} for c in data.categories],
        "budgets": _budgets(data),
        "sanctions": _sanctions(data),
        "construction": _construction(data),
        "small_cell": {"threshold": policy.threshold,
                       "legend": labels.SUPPRESSION_LEGEND.format(threshold=policy.threshold)},
    }
