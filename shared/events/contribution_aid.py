"""Event contracts produced by the contribution-aid service (docs/API.md §11). Edit only with that service."""
from __future__ import annotations

import datetime as dt
import uuid

from shared.events.base import EventPayload, TwoPersons


class BudgetRecorded(EventPayload):
    event_type, producer, key_field = "BudgetRecorded", "contribution-aid", "budget_id"
    description = "A budget (pagu) for contribution aid was recorded for a fiscal year and funding source."
    budget_id: uuid.UUID
    funding_source: str
    fiscal_year: int
    amount: int
    scheme: str | None = None
    payer_kind: str | None = None
    payer_ref: str | None = None


class BudgetAmended(EventPayload, TwoPersons):
    event_type, producer, key_field = "BudgetAmended", "contribution-aid", "budget_id"
    description = "A budget's amount changed by a recorded amendment (APBD-P, a new pledge); `amount` is the new total."
    budget_id: uuid.UUID
    funding_source: str
    fiscal_year: int
    delta: int
    amount: int
    effective_date: dt.date
    reference: str


class AidAllocated(EventPayload):
    event_type, producer, key_field = "AidAllocated", "contribution-aid", "participant_id"
    description = "A budget committed contribution aid for a participant for some months."
    allocation_id: uuid.UUID
    budget_id: uuid.UUID
    participant_id: uuid.UUID
    funding_source: str
    fiscal_year: int
    months: int
    start_month: str
    amount: int
    scheme: str | None = None
    monthly_amount: int | None = None  # this funder's rupiah a month
    share_bp: int = 10000  # co-financing share of each month (10000 = the whole month)


class AidReleased(EventPayload, TwoPersons):
    event_type, producer, key_field = "AidReleased", "contribution-aid", "participant_id"
    description = "Committed aid months were released back to the budget."
    allocation_id: uuid.UUID
    budget_id: uuid.UUID
    participant_id: uuid.UUID
    funding_source: str
    months_released: int
    amount_released: int
    reason: str
    from_month: str | None = None  # first month no longer paid
    citations: list[str] = []


class BudgetExhausted(EventPayload):
    event_type, producer, key_field = "BudgetExhausted", "contribution-aid", "budget_id"
    description = "A budget could not afford an allocation."
    budget_id: uuid.UUID
    funding_source: str
    fiscal_year: int
    available: int
    requested: int


class DecreeIssued(EventPayload, TwoPersons):
    event_type, producer, key_field = "DecreeIssued", "contribution-aid", "decree_id"
    description = "A regent's decree (Keputusan Bupati) fixed a recipient list or its changes."
    decree_id: uuid.UUID
    decree_number: str
    decree_date: dt.date
    scheme: str
    added: list[uuid.UUID]
    removed: list[uuid.UUID]
    recipients: int


class InvoiceReconciled(EventPayload):
    event_type, producer, key_field = "InvoiceReconciled", "contribution-aid", "invoice_id"
    description = "A BPJS invoice was reconciled against allocations."
    invoice_id: uuid.UUID
    period: str
    lines: int
    matched: int
    discrepancies: dict[str, int]
    amount: int
    reference: str | None = None  # BPJS's invoice number
    matched_amount: int | None = None


class ContributionPaid(EventPayload, TwoPersons):
    event_type, producer, key_field = "ContributionPaid", "contribution-aid", "invoice_id"
    description = "The treasurer paid a BPJS invoice."
    invoice_id: uuid.UUID
    period: str
    amount: int
    funding_source: str
    transfer_reference: str
    paid_on: dt.date
    payer_kind: str | None = None
    payer_ref: str | None = None
    budget_ids: list[uuid.UUID] = []  # the payer's budgets the invoice billed


class AidEnded(EventPayload, TwoPersons):
    event_type, producer, key_field = "AidEnded", "contribution-aid", "participant_id"
    description = ("The regency ended a participant's contribution aid (e.g. after re-verification): the months "
                   "after the effective date are no longer paid and went back to their budgets (`released_amount`).")
    participant_id: uuid.UUID
    reason: str
    effective_date: dt.date
    reference: str
    released_amount: int

