"""Event handlers that project contribution-aid events into the aid read model."""
from __future__ import annotations

from sqlalchemy import func

from reporting.aid.models import AidAllocation, AidBudget, AidInvoice
from reporting.projection import Write, keep, newest, read, upsert_statement
from shared.events import Envelope

BUDGET_SEEN = upsert_statement(AidBudget, "budget_id",
                               ("budget_id", "regency_code", "funding_source", "fiscal_year", "exhausted_count"),
                               lambda t, ex: {})
ALLOCATED = upsert_statement(AidAllocation, "allocation_id", (
    "allocation_id", "regency_code", "budget_id", "participant_id", "funding_source", "fiscal_year", "months",
    "start_month", "amount", "allocated_at"))
# months released back to the budget: no longer committed, available again (DATA.md: a release
# back into the same budget counts in `left`); the inbox makes the sums exact
RELEASED = upsert_statement(AidAllocation, "allocation_id", (
    "allocation_id", "regency_code", "budget_id", "participant_id", "funding_source", "amount", "released_amount",
    "released_months", "released_at"), lambda t, ex: {
        "released_amount": t.c.released_amount + ex.released_amount,
        "released_months": t.c.released_months + ex.released_months,
        "released_at": keep(t, ex, "released_at")})
EXHAUSTED = upsert_statement(AidBudget, "budget_id", (
    "budget_id", "regency_code", "funding_source", "fiscal_year", "exhausted_count", "last_exhausted_at",
    "last_available"), lambda t, ex: {
        "exhausted_count": t.c.exhausted_count + 1,
        "last_available": newest(t, ex, "last_available", "last_exhausted_at"),
        "last_exhausted_at": func.greatest(t.c.last_exhausted_at, ex.last_exhausted_at)})
BUDGET_AMOUNT = upsert_statement(AidBudget, "budget_id", (
    "budget_id", "regency_code", "funding_source", "fiscal_year", "exhausted_count", "amount", "amount_at"),
    lambda t, ex: {"amount": newest(t, ex, "amount", "amount_at"),
                   "amount_at": func.greatest(t.c.amount_at, ex.amount_at)})
RECONCILED = upsert_statement(AidInvoice, "invoice_id", (
    "invoice_id", "regency_code", "period", "lines", "matched", "discrepancies", "amount", "reconciled_at"))
PAID = upsert_statement(AidInvoice, "invoice_id", (
    "invoice_id", "regency_code", "period", "funding_source", "paid_amount", "paid_on"))


def aid_allocated(envelope: Envelope) -> list[Write]:
    event = read(envelope)
    common = {"regency_code": envelope.regency_code, "budget_id": event.budget_id,
              "funding_source": event.funding_source, "fiscal_year": event.fiscal_year}
    return [Write(BUDGET_SEEN, {**common, "exhausted_count": 0}),
            Write(ALLOCATED, {**common, "allocation_id": event.allocation_id, "participant_id": event.participant_id,
                              "months": event.months, "start_month": event.start_month, "amount": event.amount,
                              "allocated_at": envelope.occurred_at})]


def aid_released(envelope: Envelope) -> list[Write]:
    event = read(envelope)
    return [Write(RELEASED, {
        "allocation_id": event.allocation_id, "regency_code": envelope.regency_code, "budget_id": event.budget_id,
        "participant_id": event.participant_id, "funding_source": event.funding_source, "amount": 0,
        "released_amount": event.amount_released, "released_months": event.months_released,
        "released_at": envelope.occurred_at})]


def budget_amount(envelope: Envelope) -> list[Write]:
    """BudgetRecorded and BudgetAmended both carry the budget's total after the change."""
    event = read(envelope)
    return [Write(BUDGET_AMOUNT, {
        "budget_id": event.budget_id, "regency_code": envelope.regency_code, "funding_source": event.funding_source,
        "fiscal_year": event.fiscal_year, "exhausted_count": 0, "amount": event.amount,
        "amount_at": envelope.occurred_at})]


def budget_exhausted(envelope: Envelope) -> list[Write]:
    event = read(envelope)
    return [Write(EXHAUSTED, {
        "budget_id": event.budget_id, "regency_code": envelope.regency_code, "funding_source": event.funding_source,
        "fiscal_year": event.fiscal_year, "exhausted_count": 1, "last_exhausted_at": envelope.occurred_at,
        "last_available": event.available})]


def invoice_reconciled(envelope: Envelope) -> list[Write]:
    event = read(envelope)
    return [Write(RECONCILED, {
        "invoice_id": event.invoice_id, "regency_code": envelope.regency_code, "period": event.period,
        "lines": event.lines, "matched": event.matched, "discrepancies": event.discrepancies, "amount": event.amount,
        "reconciled_at": envelope.occurred_at})]


def contribution_paid(envelope: Envelope) -> list[Write]:
    event = read(envelope)
    return [Write(PAID, {
        "invoice_id": event.invoice_id, "regency_code": envelope.regency_code, "period": event.period,
        "funding_source": event.funding_source, "paid_amount": event.amount, "paid_on": event.paid_on})]


PLANS = {
    "BudgetRecorded": budget_amount,
    "BudgetAmended": budget_amount,
    "AidAllocated": aid_allocated,
    "AidReleased": aid_released,
    "BudgetExhausted": budget_exhausted,
    "InvoiceReconciled": invoice_reconciled,
    "ContributionPaid": contribution_paid,
}
