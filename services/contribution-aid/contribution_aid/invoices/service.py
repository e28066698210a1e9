"""Invoice handlers: import a BPJS invoice for one payer's budgets, reconcile every line against
the allocations in one pass, store lines and flags with `InvoiceReconciled`; the treasurer's
payment with `ContributionPaid`."""
from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from contribution_aid import rules
from contribution_aid.allocations.service import domain_allocations
from contribution_aid.budgets.models import BudgetRow
from contribution_aid.domain.reconciliation import Invoice, InvoiceLine, ReconciliationReport, reconcile
from contribution_aid.invoices.lines import Line, billed_niks, resolved
from contribution_aid.invoices.models import InvoiceLineRow, InvoiceRow, PaymentRow
from contribution_aid.invoices.schemas import InvoiceHeader, PaymentIn
from contribution_aid.participants import service as participants
from contribution_aid.participants.directory import MAX_NIKS, ParticipantDirectory
from contribution_aid.sql import any_of
from shared.auth import Client
from shared.events.contracts import ContributionPaid, InvoiceReconciled
from shared.outbox import add_event
from shared.problems import Conflict, InvalidInput, NotFound, Problem

RECONCILED, PAID = "reconciled", "paid"
LINE_COLUMNS = ("invoice_id", "line_no", "participant_id", "nik_masked", "period", "amount", "flag", "expected",
                "detail")


class DuplicateInvoice(Conflict):
    slug, title = "duplicate-invoice", "Invoice already imported"


class AlreadyPaid(Conflict):
    slug, title = "already-paid", "Invoice already paid"


async def import_invoice(sessions: async_sessionmaker, client: Client, header: InvoiceHeader,
                         lines: list[Line], directory: ParticipantDirectory) -> dict:
    client.require_regency(header.regency_code)
    policy = rules.policy_for(header.regency_code)
    lines = await _by_participant(directory, header.regency_code, lines)  # before the transaction: an HTTP call
    async with sessions() as session, session.begin():
        budgets = await _payer_budgets(session, client, header)
        people = {line.participant_id for line in lines if line.participant_id is not None}
        invoice = Invoice(header.reference, frozenset(str(b.id) for b in budgets),
                          tuple(InvoiceLine(n, _person_ref(line), line.period, line.amount)
                                for n, line in enumerate(lines, start=1)))
        report = reconcile(invoice, await participants.records_for(session, people),
                           await domain_allocations(session, people), policy)
        row = _row(client, header, budgets, report, len(lines))
        session.add(row)
        try:
            await session.flush()
        except IntegrityError:
            raise DuplicateInvoice(f"Invoice {header.reference} was already imported") from None
        await _copy_lines(session, row.id, lines, report)
        await add_event(session, InvoiceReconciled(
            invoice_id=row.id, period=row.period, lines=row.line_count, matched=row.matched, discrepancies=row.counts,
            amount=row.billed_total, reference=row.reference, matched_amount=row.matched_total),
            regency_code=row.regency_code)
        return present(row) | {"discrepancies": [_discrepancy(d, lines[d.line_no - 1]) for d in report.discrepancies]}


async def _by_participant(directory: ParticipantDirectory, regency_code: str, lines: list[Line]) -> list[Line]:
    """NIK lines resolved through the registry in one call (none when every line has an id)."""
    niks = billed_niks(lines)
    if not niks:
        return lines
    if len(niks) > MAX_NIKS:
        raise InvalidInput.fields([("lines", f"at most {MAX_NIKS} distinct NIKs per invoice")])
    return resolved(lines, await directory.resolve(regency_code, niks))


def _person_ref(line: Line) -> str:
    return str(line.participant_id) if line.participant_id is not None else line.nik_masked


async def _payer_budgets(session: AsyncSession, client: Client, header: InvoiceHeader) -> list[BudgetRow]:
    """The invoice's budgets: all known, of its regency, and of one payer (BPJS invoices a PD
    or a company, Berau Pasal 21(2), (4))."""
    rows = list((await session.execute(select(BudgetRow).where(any_of(BudgetRow.id, header.budget_ids)))).scalars())
    unknown = set(header.budget_ids) - {r.id for r in rows}
    if unknown:
        raise InvalidInput.fields([("budget_ids", f"unknown budget {b}") for b in sorted(map(str, unknown))])
    for row in rows:
        client.require_regency(row.regency_code)
    if any(r.regency_code != header.regency_code for r in rows):
        raise InvalidInput.fields([("budget_ids", "every budget must belong to the invoice's regency")])
    if len({(r.funding_source, r.payer_kind, r.payer_ref) for r in rows}) > 1:
        raise InvalidInput.fields([("budget_ids", "one invoice bills one payer's budgets of one funding source")])
    return rows


def _row(client: Client, header: InvoiceHeader, budgets: list[BudgetRow], report: ReconciliationReport,
         line_count: int) -> InvoiceRow:
    first = budgets[0]
    return InvoiceRow(id=uuid.uuid4(), regency_code=header.regency_code, reference=header.reference,
                      period=header.period, budget_ids=sorted(str(b.id) for b in budgets),
                      funding_source=first.funding_source, payer_kind=first.payer_kind, payer_ref=first.payer_ref,
                      line_count=line_count, matched=report.matched, billed_total=report.billed_total,
                      matched_total=report.matched_total, counts=report.counts, status=RECONCILED,
                      imported_by=client.name)


async def _copy_lines(session: AsyncSession, invoice_id: uuid.UUID, lines: list[Line],
                      report: ReconciliationReport) -> None:
    """COPY in the same transaction: 100,000 lines in a second, not a minute of INSERTs."""
    flags = {d.line_no: d for d in report.discrepancies}
    connection = await (await session.connection()).get_raw_connection()
    async with connection.driver_connection.cursor() as cursor:
        async with cursor.copy(f"COPY invoice_lines ({', '.join(LINE_COLUMNS)}) FROM STDIN") as copy:
            for number, line in enumerate(lines, start=1):
                flag = flags.get(number)
                await copy.write_row((invoice_id, number, line.participant_id, line.nik_masked, line.period,
                                      line.amount,
                                      flag.kind if flag else None, flag.expected if flag else None,
                                      flag.detail or None if flag else None))


def _discrepancy(d, line: Line) -> dict:
    return {"line_no": d.line_no, "kind": d.kind, "participant_id": d.participant_id, "nik": line.nik_masked,
            "period": d.period, "billed": d.billed, "expected": d.expected, "detail": d.detail}


async def load_invoice(session: AsyncSession, client: Client, invoice_id: uuid.UUID, *,
                       lock: bool = False) -> InvoiceRow:
    stmt = select(InvoiceRow).where(InvoiceRow.id == invoice_id)
    row = (await session.execute(stmt.with_for_update() if lock else stmt)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"Invoice {invoice_id} not found")
    client.require_regency(row.regency_code)
    return row


async def get_invoice(sessions: async_sessionmaker, client: Client, invoice_id: uuid.UUID) -> dict:
    async with sessions() as session:
        row = await load_invoice(session, client, invoice_id)
        return present(row) | {"payment": await _payment(session, row.id)}


async def discrepancies(sessions: async_sessionmaker, client: Client, invoice_id: uuid.UUID) -> list[dict]:
    async with sessions() as session:
        await load_invoice(session, client, invoice_id)
        rows = await session.execute(select(InvoiceLineRow).where(
            InvoiceLineRow.invoice_id == invoice_id, InvoiceLineRow.flag.is_not(None)).order_by(InvoiceLineRow.line_no))
        return [{"line_no": r.line_no, "kind": r.flag,
                 "participant_id": str(r.participant_id) if r.participant_id else None, "nik": r.nik_masked,
                 "period": r.period, "billed": r.amount, "expected": r.expected, "detail": r.detail or ""}
                for r in rows.scalars()]


async def pay(session: AsyncSession, client: Client, invoice_id: uuid.UUID, body: PaymentIn) -> dict:
    """The treasurer's transfer (Berau Pasal 21(3), (5)); by default what reconciliation matched.
    On an open transaction: the direct path and an approved proposal run this same handler."""
    invoice = await load_invoice(session, client, invoice_id, lock=True)
    if invoice.status == PAID:
        raise AlreadyPaid(f"Invoice {invoice.reference} was already paid")
    amount = body.amount if body.amount is not None else invoice.matched_total
    if amount <= 0 or amount > invoice.billed_total:
        raise Problem(f"Nothing to pay or more than billed ({invoice.billed_total})", status=422,
                      slug="invalid-payment-amount", title="Invalid payment amount",
                      errors=[{"field": "amount", "message": "must be between 1 and the billed total"}])
    payment = PaymentRow(id=uuid.uuid4(), invoice_id=invoice.id, amount=amount,
                         transfer_reference=body.transfer_reference, paid_on=body.paid_on, paid_by=client.name)
    session.add(payment)
    invoice.status = PAID
    await add_event(session, ContributionPaid(
        invoice_id=invoice.id, period=invoice.period, amount=amount, funding_source=invoice.funding_source,
        transfer_reference=body.transfer_reference, paid_on=body.paid_on, payer_kind=invoice.payer_kind,
        payer_ref=invoice.payer_ref, budget_ids=[uuid.UUID(b) for b in invoice.budget_ids]),
        regency_code=invoice.regency_code)
    return present(invoice) | {"payment": _present_payment(payment)}


async def _payment(session: AsyncSession, invoice_id: uuid.UUID) -> dict | None:
    row = (await session.execute(select(PaymentRow).where(PaymentRow.invoice_id == invoice_id))).scalar_one_or_none()
    return _present_payment(row) if row else None


def _present_payment(row: PaymentRow) -> dict:
    return {"id": str(row.id), "amount": row.amount, "transfer_reference": row.transfer_reference,
            "paid_on": row.paid_on.isoformat(), "paid_by": row.paid_by}


def present(row: InvoiceRow) -> dict:
    return {"id": str(row.id), "regency_code": row.regency_code, "reference": row.reference, "period": row.period,
            "budget_ids": row.budget_ids, "funding_source": row.funding_source,
            "payer": {"kind": row.payer_kind, "ref": row.payer_ref} if row.payer_kind else None,
            "lines": row.line_count, "matched": row.matched, "billed_total": row.billed_total,
            "matched_total": row.matched_total, "counts": row.counts, "status": row.status}
