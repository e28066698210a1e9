"""Event handlers that project construction projects and employers. A project's status
(on time, late, pending, overdue) is not stored: it follows from the deadline and the day BPJS
registered it, evaluated on the report's date (construction/domain.py)."""
from __future__ import annotations

from sqlalchemy import func

from reporting.construction.models import ConstructionProject, Employer
from reporting.projection import Write, keep, read, upsert_statement
from shared.events import Envelope

PROJECT = ("project_id", "regency_code", "employer_id", "spk_date", "registration_deadline", "bpjs_registered_on")
REGISTERED = upsert_statement(ConstructionProject, "project_id", (*PROJECT, "contract_value", "funding_source"),
                              lambda t, ex: {**{c: ex[c] for c in ("employer_id", "spk_date", "registration_deadline",
                                                                   "contract_value", "funding_source")},
                                             "bpjs_registered_on": func.coalesce(ex.bpjs_registered_on,
                                                                                 t.c.bpjs_registered_on)})
OVERDUE = upsert_statement(ConstructionProject, "project_id", (*PROJECT, "overdue_reported_at"),
                           lambda t, ex: {c: keep(t, ex, c) for c in ("bpjs_registered_on", "overdue_reported_at")})
EMPLOYER_COLUMNS = ("employer_id", "regency_code", "nib", "name", "kind", "business_scale", "sector", "workers")
# a v1 event (no name) never erases a name an earlier v2 event gave
EMPLOYER = upsert_statement(Employer, "employer_id", EMPLOYER_COLUMNS, lambda t, ex: {
    **{c: ex[c] for c in EMPLOYER_COLUMNS if c not in ("employer_id", "name")},
    "name": func.coalesce(ex.name, t.c.name)})


def project_registered(envelope: Envelope) -> list[Write]:
    event = read(envelope)
    return [Write(REGISTERED, {
        "project_id": event.project_id, "regency_code": envelope.regency_code, "employer_id": event.employer_id,
        "spk_date": event.spk_date, "registration_deadline": event.registration_deadline,
        "bpjs_registered_on": event.bpjs_registered_on, "contract_value": event.contract_value,
        "funding_source": event.funding_source})]


def registration_overdue(envelope: Envelope) -> list[Write]:
    event = read(envelope)
    return [Write(OVERDUE, {
        "project_id": event.project_id, "regency_code": envelope.regency_code, "employer_id": event.employer_id,
        "spk_date": event.spk_date, "registration_deadline": event.registration_deadline,
        "bpjs_registered_on": event.registered_on, "overdue_reported_at": envelope.occurred_at})]


def employer_registered(envelope: Envelope) -> list[Write]:
    event = read(envelope)
    return [Write(EMPLOYER, {
        "employer_id": event.employer_id, "regency_code": envelope.regency_code, "nib": event.nib,
        "name": event.name, "kind": event.kind, "business_scale": event.business_scale, "sector": event.sector,
        "workers": event.workers})]


PLANS = {
    "ConstructionProjectRegistered": project_registered,
    "ConstructionRegistrationOverdue": registration_overdue,
    "EmployerRegistered": employer_registered,
}
