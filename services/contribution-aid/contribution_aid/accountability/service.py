"""The accountability file (bukti pertanggungjawaban, Berau Pasal 23 and 24) of one budget for a
period: which required documents are present, and a ZIP holding them.

Present without being recorded: the recipient decree (a decree of the regency for the budget's
scheme dated by the end of the period), BPJS's invoices (one for every month of the period that
bills this budget) and the transfer proofs (every such invoice paid). Other documents (BPJS's
data update, the regent's certificate, the CSR report) are recorded by reference."""
from __future__ import annotations

import io
import uuid
import zipfile

import orjson
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from contribution_aid import rules
from contribution_aid.accountability.models import AccountabilityDocument
from contribution_aid.accountability.schemas import DocumentIn
from contribution_aid.budgets import service as budgets
from contribution_aid.budgets.models import BudgetRow
from contribution_aid.decrees.models import DecreeRow
from contribution_aid.decrees.service import present as present_decree
from contribution_aid.domain.accountability import AccountabilityPack, accountability_pack
from contribution_aid.domain.months import add_months, first_day, month_index, month_range
from contribution_aid.invoices.models import InvoiceLineRow, InvoiceRow, PaymentRow
from contribution_aid.invoices.service import PAID
from contribution_aid.sql import any_of
from shared import csvsafe
from shared.auth import Client
from shared.problems import InvalidInput


def required_codes(policy, funding_source: str) -> set[str]:
    source = policy.sources.get(funding_source)
    listed = policy.section("accountability").get(source.accountability if source else "") or {}
    return {d["code"] for d in listed.get("documents") or ()}


async def record_document(sessions: async_sessionmaker, client: Client, budget_id: uuid.UUID,
                          body: DocumentIn) -> dict:
    async with sessions() as session, session.begin():
        budget = await budgets.load_budget(session, client, budget_id)
        allowed = required_codes(rules.policy_for(budget.regency_code), budget.funding_source)
        if body.code not in allowed:
            raise InvalidInput.fields([("code", f"not a document of this source's file: {sorted(allowed) or 'none'}")])
        row = AccountabilityDocument(id=uuid.uuid4(), budget_id=budget.id, code=body.code, reference=body.reference,
                                     period_start=body.period_start, period_end=body.period_end, dated=body.dated,
                                     recorded_by=client.name)
        session.add(row)
        await session.flush()
        return _document(row)


async def build_pack(sessions: async_sessionmaker, client: Client, budget_id: uuid.UUID, period_start: str,
                     period_end: str) -> tuple[AccountabilityPack, dict]:
    """The pack and what it bundles (decrees, invoices with their lines, payments, documents)."""
    if month_index(period_end) < month_index(period_start):
        raise InvalidInput.fields([("period_end", "must not be before period_start")])
    async with sessions() as session:
        budget = await budgets.load_budget(session, client, budget_id)
        decrees = await _decrees(session, budget, period_end)
        invoices = await _invoices(session, budget, period_start, period_end)
        payments = await _payments(session, [i.id for i in invoices])
        documents = await _documents(session, budget.id, period_start, period_end)
        months = month_range(period_start, month_index(period_end) - month_index(period_start) + 1)
        present = {d.code for d in documents}
        if decrees:
            present.add("recipient_decree")
        if set(months) <= {i.period for i in invoices}:
            present.add("bpjs_invoice")
            if all(i.status == PAID for i in invoices):
                present.add("transfer_proof")
        pack = accountability_pack(rules.policy_for(budget.regency_code), budget.funding_source, period_start,
                                   period_end, present)
        bundle = {"budget": budgets.present(budget, None), "decrees": [present_decree(d) for d in decrees],
                  "invoices": invoices, "payments": payments, "documents": [_document(d) for d in documents],
                  "lines": await _lines(session, [i.id for i in invoices]), "present": present}
        return pack, bundle


async def _decrees(session: AsyncSession, budget: BudgetRow, period_end: str) -> list[DecreeRow]:
    stmt = select(DecreeRow).where(DecreeRow.regency_code == budget.regency_code,
                                   DecreeRow.decree_date < first_day(add_months(period_end, 1)))
    if budget.scheme:
        stmt = stmt.where(DecreeRow.scheme == budget.scheme)
    return list((await session.execute(stmt.order_by(DecreeRow.decree_date))).scalars())


async def _invoices(session: AsyncSession, budget: BudgetRow, start: str, end: str) -> list[InvoiceRow]:
    return list((await session.execute(select(InvoiceRow).where(
        InvoiceRow.budget_ids.contains([str(budget.id)]), InvoiceRow.period >= start, InvoiceRow.period <= end)
        .order_by(InvoiceRow.period, InvoiceRow.created_at))).scalars())


async def _payments(session: AsyncSession, invoice_ids: list[uuid.UUID]) -> list[PaymentRow]:
    return list((await session.execute(select(PaymentRow).where(any_of(PaymentRow.invoice_id, invoice_ids))))
                .scalars())


async def _documents(session: AsyncSession, budget_id: uuid.UUID, start: str, end: str) -> list[AccountabilityDocument]:
    return list((await session.execute(select(AccountabilityDocument).where(
        AccountabilityDocument.budget_id == budget_id, AccountabilityDocument.period_start <= end,
        AccountabilityDocument.period_end >= start).order_by(AccountabilityDocument.dated))).scalars())


async def _lines(session: AsyncSession, invoice_ids: list[uuid.UUID]) -> list[tuple]:
    return list((await session.execute(select(
        InvoiceLineRow.invoice_id, InvoiceLineRow.line_no, InvoiceLineRow.participant_id, InvoiceLineRow.period,
        InvoiceLineRow.amount, InvoiceLineRow.flag, InvoiceLineRow.expected).where(
        any_of(InvoiceLineRow.invoice_id, invoice_ids)).order_by(InvoiceLineRow.invoice_id,
                                                                  InvoiceLineRow.line_no))).all())


def _document(row: AccountabilityDocument) -> dict:
    return {"id": str(row.id), "budget_id": str(row.budget_id), "code": row.code, "reference": row.reference,
            "period_start": row.period_start, "period_end": row.period_end, "dated": row.dated.isoformat(),
            "recorded_by": row.recorded_by}


def pack_json(pack: AccountabilityPack, bundle: dict) -> dict:
    return {"regency_code": pack.regency_code, "funding_source": pack.funding_source, "pack_kind": pack.pack_kind,
            "period_start": pack.period_start, "period_end": pack.period_end, "complete": pack.complete,
            "missing": list(pack.missing), "note": pack.note, "citations": list(pack.citations),
            "documents": [{"code": d.code, "label": d.label, "citation": d.citation, "status": d.status}
                          for d in pack.documents],
            "budget": bundle["budget"], "decrees": [{k: v for k, v in d.items() if k != "recipients"}
                                                    for d in bundle["decrees"]],
            "invoices": [_invoice_summary(i) for i in bundle["invoices"]],
            "payments": [_payment(p) for p in bundle["payments"]], "recorded_documents": bundle["documents"]}


def pack_zip(pack: AccountabilityPack, bundle: dict) -> bytes:
    """pack.json (the checklist, Indonesian labels), decrees.json (with recipients),
    invoice_lines.csv, payments.csv."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("pack.json", orjson.dumps(pack_json(pack, bundle), option=orjson.OPT_INDENT_2))
        archive.writestr("decrees.json", orjson.dumps(bundle["decrees"], option=orjson.OPT_INDENT_2))
        references = {i.id: i.reference for i in bundle["invoices"]}
        archive.writestr("invoice_lines.csv", _csv(
            ("invoice_reference", "line_no", "participant_id", "period", "amount", "flag", "expected"),
            ((references[r[0]], *r[1:]) for r in bundle["lines"])))
        archive.writestr("payments.csv", _csv(
            ("invoice_reference", "amount", "transfer_reference", "paid_on"),
            ((references[p.invoice_id], p.amount, p.transfer_reference, p.paid_on) for p in bundle["payments"])))
    return buffer.getvalue()


def _csv(header: tuple, rows) -> str:
    out = io.StringIO()
    writer = csvsafe.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _invoice_summary(row: InvoiceRow) -> dict:
    return {"id": str(row.id), "reference": row.reference, "period": row.period, "lines": row.line_count,
            "billed_total": row.billed_total, "matched_total": row.matched_total, "counts": row.counts,
            "status": row.status}


def _payment(row: PaymentRow) -> dict:
    return {"invoice_id": str(row.invoice_id), "amount": row.amount, "transfer_reference": row.transfer_reference,
            "paid_on": row.paid_on.isoformat()}
