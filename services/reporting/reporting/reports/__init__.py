"""Pure report building for the reporting service: reporting calendar, small-cell
protection, XLSX/PDF exports and the dashboard payload. No database, HTTP or Kafka here:
the service fills `ReportData` from its read models and calls these functions."""
from .calendar import (
                       RecapStatus,
                       ReportNotRequired,
                       ReportPeriod,
                       ScheduledReport,
                       bpjs_recap_status,
                       due_date,
                       period,
                       period_containing,
                       periods_in_year,
                       reporting_calendar,
)
from .dashboard_data import build_dashboard_payload
from .data import (
                       BudgetRow,
                       CategoryRow,
                       ComplaintRow,
                       Construction,
                       CoveragePoint,
                       DistrictRow,
                       OverdueProject,
                       ProgramRow,
                       ReportData,
                       ReportMeta,
                       SanctionRow,
                       Summary,
                       VillageRow,
)
from .pdf import render_pdf
from .profile import ProfileError, ReportingProfile, load_reporting_profile, parse_reporting_profile
from .suppression import SuppressionPolicy, suppress_column, suppress_table
from .xlsx import render_xlsx

__all__ = [
    "BudgetRow", "CategoryRow", "ComplaintRow", "Construction", "CoveragePoint", "DistrictRow", "OverdueProject",
    "ProgramRow",
    "ProfileError", "RecapStatus", "ReportData", "ReportMeta", "ReportNotRequired", "ReportPeriod",
    "ReportingProfile", "SanctionRow", "ScheduledReport", "Summary", "SuppressionPolicy", "VillageRow",
    "bpjs_recap_status", "build_dashboard_payload", "due_date", "load_reporting_profile",
    "parse_reporting_profile", "period", "period_containing", "periods_in_year", "render_pdf", "render_xlsx",
    "reporting_calendar", "suppress_column", "suppress_table",
]
