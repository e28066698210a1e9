"""The aid acts a regency may put under two-person control (profiles/<regency>/approvals.yaml):
issuing or changing a decree, amending a budget, recording a treasurer payment, ending aid."""
from __future__ import annotations

import uuid

from sqlalchemy import select

from contribution_aid.budgets import service as budgets
from contribution_aid.budgets.models import BudgetRow
from contribution_aid.budgets.schemas import AmendmentIn
from contribution_aid.decrees import service as decrees
from contribution_aid.decrees.schemas import DecreeIn
from contribution_aid.endings import service as endings
from contribution_aid.endings.schemas import AidEndingIn, AidEndingRequest
from contribution_aid.invoices import service as invoices
from contribution_aid.invoices.models import InvoiceRow
from contribution_aid.invoices.schemas import PaymentIn
from shared.approvals.acts import Act, Acts
from shared.problems import NotFound


class BudgetAmendment(AmendmentIn):
    budget_id: uuid.UUID


class InvoicePayment(PaymentIn):
    invoice_id: uuid.UUID


async def _regency_of(session, column, key, value: uuid.UUID, what: str) -> str:
    regency = (await session.execute(select(column).where(key == value))).scalar()
    if regency is None:
        raise NotFound(f"{what} {value} not found")
    return regency


async def _budget_regency(session, payload: BudgetAmendment) -> str:
    return await _regency_of(session, BudgetRow.regency_code, BudgetRow.id, payload.budget_id, "Budget")


async def _invoice_regency(session, payload: InvoicePayment) -> str:
    return await _regency_of(session, InvoiceRow.regency_code, InvoiceRow.id, payload.invoice_id, "Invoice")


async def _decree_regency(session, payload: DecreeIn) -> str:
    return payload.regency_code


async def _ending_regency(session, payload: AidEndingRequest) -> str:
    return await endings.regency_of(session, payload.participant_id)


async def _amend(session, client, payload: BudgetAmendment) -> dict:
    return await budgets.amend(session, client, payload.budget_id, AmendmentIn(**payload.model_dump(
        exclude={"budget_id"})))


async def _pay(session, client, payload: InvoicePayment) -> dict:
    return await invoices.pay(session, client, payload.invoice_id, PaymentIn(**payload.model_dump(
        exclude={"invoice_id"})))


async def _end(session, client, payload: AidEndingRequest) -> dict:
    return await endings.end_aid(session, client, payload.participant_id, AidEndingIn(**payload.model_dump(
        exclude={"participant_id"})))


def _always(rule: str):
    return lambda payload: rule


AMEND_BUDGET = Act("budget.amend", BudgetAmendment, _budget_regency, _amend,
                   rule_of=_always("budget.amend"))
ISSUE_DECREE = Act("decree.issue", DecreeIn,
                   _decree_regency, decrees.issue_decree, rule_of=_always("decree.issue"))
PAY_INVOICE = Act("payment.record", InvoicePayment, _invoice_regency, _pay,
                  rule_of=_always("payment.record"))
END_AID = Act("aid.end", AidEndingRequest, _ending_regency, _end,
              rule_of=_always("aid.end"))
ACTS = Acts(AMEND_BUDGET, ISSUE_DECREE, PAY_INVOICE, END_AID)
