"""Complaint events folded into one row per complaint. Every event writes the same upsert, so a
rebuild may apply them in any order: the stage follows the newest event, first facts are kept,
an escalation is never undone."""
from __future__ import annotations

from sqlalchemy import func

from reporting.complaints.models import ComplaintFact
from reporting.projection import Write, keep, newest, read
from reporting.projection import upsert_statement as _upsert
from shared.events import Envelope

COLUMNS = ("complaint_id", "regency_code", "category", "channel", "source", "received_on", "stage", "stage_at",
           "due_date", "escalated", "closed_on", "on_time")
UPSERT = _upsert(ComplaintFact, "complaint_id", COLUMNS, lambda t, ex: {
    **{c: keep(t, ex, c) for c in ("channel", "source", "received_on", "closed_on", "on_time")},
    "stage": newest(t, ex, "stage", "stage_at"), "due_date": newest(t, ex, "due_date", "stage_at"),
    "stage_at": func.greatest(t.c.stage_at, ex.stage_at), "escalated": t.c.escalated | ex.escalated})


def fold(envelope: Envelope) -> list[Write]:
    event = read(envelope)
    row = dict.fromkeys(COLUMNS)
    row.update({"complaint_id": event.complaint_id, "regency_code": envelope.regency_code, "category": event.category,
                "stage": getattr(event, "stage", "closed"), "stage_at": envelope.occurred_at,
                "due_date": getattr(event, "due_date", None), "escalated": envelope.event_type == "ComplaintEscalated"})
    for name in ("channel", "source", "received_on", "on_time"):
        row[name] = getattr(event, name, None)
    if envelope.event_type == "ComplaintResolved":
        row["closed_on"] = event.closed_on
    if envelope.event_type == "ComplaintEscalated":
        row["due_date"] = event.due_date
    return [Write(UPSERT, row)]


PLANS = {name: fold for name in ("ComplaintReceived", "ComplaintAssigned", "ComplaintAnswered", "ComplaintEscalated",
                                 "ComplaintResolved")}
