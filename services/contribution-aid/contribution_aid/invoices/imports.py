"""Large BPJS invoice files through the job runner (OWASP API4: memory flat in the upload's size).

The API checks the header (regency, budgets of one payer, reference not yet imported), streams
the body to a temporary file (capped) and queues it sealed; 202 with the import. The worker then
imports it in ONE transaction, so a bad file is refused whole and a killed worker leaves nothing:
lines are read by the shared streaming reader, validated, NIKs resolved at the registry a chunk
at a time and COPied into `invoice_lines`; a file with any bad line fails with its row errors and
nothing stored. Reconciliation then reads the lines person by person (keyset pages over the
`(invoice_id, participant_id)` index: every line of a person is in the same page, so a duplicate
line is still seen), writes each page's flags, and the totals come from SQL. Nothing grows with
the file but the database."""
from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from itertools import islice

from fastapi import Request
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from contribution_aid import rules
from contribution_aid.allocations.service import domain_allocations
from contribution_aid.budgets.models import BudgetRow
from contribution_aid.domain.reconciliation import Invoice, InvoiceLine, reconcile
from contribution_aid.invoices.lines import PERSON_COLUMNS, Line, _parse, billed_niks, resolved
from contribution_aid.invoices.models import InvoiceImportRow, InvoiceLineRow, InvoiceRow
from contribution_aid.invoices.schemas import InvoiceHeader
from contribution_aid.invoices.service import LINE_COLUMNS, RECONCILED, DuplicateInvoice, _payer_budgets
from contribution_aid.jobs import TABLES, sealer_of
from contribution_aid.participants import service as participants
from contribution_aid.sql import any_of
from shared.app import Runtime
from shared.auth import Client
from shared.events.contracts import InvoiceReconciled
from shared.jobs import runner as jobs
from shared.jobs.reader import CSV, RowProblem, format_of, read_records
from shared.jobs.runner import JobContext, JobFailed
from shared.jobs.tables import COMPLETED, QUEUED
from shared.outbox import add_event
from shared.problems import NotFound

KIND = "invoice_import"
CHUNK_LINES = 10_000
PAGE_PEOPLE = 5_000
PAGE_LINES = 20_000  # lines reconciled at once (all of a person's lines are always in one page)
MAX_REPORTED = 1_000  # row errors recorded for a refused file (the count says how many there were)
INVOICE_FILE_MAX_BYTES = 64 * 1024 * 1024


async def submit(runtime: Runtime, client: Client, header: InvoiceHeader, request: Request) -> dict:
    client.require_regency(header.regency_code)
    async with runtime.sessions() as session:
        await _payer_budgets(session, client, header)  # 422 before the body is read
        if await session.scalar(select(InvoiceRow.id).where(InvoiceRow.regency_code == header.regency_code,
                                                             InvoiceRow.reference == header.reference)):
            raise DuplicateInvoice(f"Invoice {header.reference} was already imported")

    async def record(_spooled) -> InvoiceImportRow:
        return InvoiceImportRow(id=uuid.uuid4(), regency_code=header.regency_code, reference=header.reference,
                                period=header.period, budget_ids=sorted(str(b) for b in header.budget_ids),
                                imported_by=client.name, status=QUEUED)
    row = await jobs.submit_upload(runtime.sessions, TABLES, sealer_of(runtime), request.stream(),
                                   max_bytes=INVOICE_FILE_MAX_BYTES, kind=KIND, owner=client.name,
                                   fmt=format_of(request.headers.get("content-type")) or CSV, record=record)
    return present(row, None)


async def import_status(sessions: async_sessionmaker, client: Client, import_id: uuid.UUID) -> dict:
    async with sessions() as session:
        row = await session.get(InvoiceImportRow, import_id)
        if row is None or not client.may_act_for(row.regency_code):
            raise NotFound(f"Invoice import {import_id} not found")
        job = (await session.execute(select(TABLES.jobs).where(TABLES.jobs.c.id == import_id))).first()
    return present(row, job)


async def import_errors(sessions: async_sessionmaker, client: Client, import_id: uuid.UUID, *, after: int,
                        limit: int) -> dict:
    await import_status(sessions, client, import_id)
    async with sessions() as session:
        items, next_after = await jobs.row_errors_page(session, TABLES, import_id, after=after, limit=limit)
    return {"import_id": str(import_id), "items": items, "count": len(items), "next_after": next_after}


def present(row: InvoiceImportRow, job) -> dict:
    base = f"/v1/invoice-imports/{row.id}"
    status = job.status if job is not None and row.status == QUEUED else row.status
    return {"id": str(row.id), "status": status, "regency_code": row.regency_code, "reference": row.reference,
            "period": row.period, "invoice_id": str(row.invoice_id) if row.invoice_id else None,
            "error": row.error, "rows_done": job.rows_done if job else 0, "row_errors": job.row_errors if job else 0,
            "links": {"self": base, "errors": f"{base}/errors",
                      "invoice": f"/v1/invoices/{row.invoice_id}" if row.invoice_id else None}}


class _Refused(Exception):
    """A file with bad lines: (lines read, row errors)."""


class InvoiceJobs:
    name = KIND

    async def run(self, ctx: JobContext) -> None:
        if (row := await ctx.record(InvoiceImportRow, QUEUED)) is None:
            return
        file = await ctx.upload()
        try:
            async with ctx.runtime.sessions() as session, session.begin():
                lines, errors = await _import(ctx, session, row, file)
                if errors:
                    raise _Refused(lines, errors)  # rolls the transaction back: nothing stored
        except _Refused as refused:
            lines, errors = refused.args
        finally:
            file.close()
        async with ctx.runtime.sessions() as session, session.begin():
            await ctx.checkpoint(session, rows_done=lines, errors=errors[:MAX_REPORTED])
        if errors:
            raise JobFailed(f"{len(errors)} baris tidak valid; tidak ada yang diimpor / {len(errors)} invalid "
                            f"line(s); nothing was imported")

    async def finished(self, session: AsyncSession, job, status: str, error: str | None) -> None:
        values = {"status": status, "error": error, "finished_at": func.now()}
        if status != COMPLETED:
            values["invoice_id"] = None
        await session.execute(update(InvoiceImportRow).where(InvoiceImportRow.id == job.id).values(**values))

    async def purge(self, session: AsyncSession, job) -> None:
        """Nothing beyond the upload and row errors: the invoice is the service's record."""


async def _import(ctx: JobContext, session: AsyncSession, row: InvoiceImportRow, file) -> tuple[int, list[dict]]:
    """Store and reconcile the invoice in the caller's transaction; (lines, row errors)."""
    budgets = list((await session.execute(select(BudgetRow).where(
        any_of(BudgetRow.id, [uuid.UUID(b) for b in row.budget_ids])))).scalars())
    first = budgets[0]
    invoice = InvoiceRow(id=uuid.uuid4(), regency_code=row.regency_code, reference=row.reference, period=row.period,
                         budget_ids=row.budget_ids, funding_source=first.funding_source, payer_kind=first.payer_kind,
                         payer_ref=first.payer_ref, line_count=0, matched=0, billed_total=0, matched_total=0,
                         counts={}, status=RECONCILED, imported_by=row.imported_by)
    session.add(invoice)
    try:
        await session.flush()
    except IntegrityError:
        raise JobFailed(f"Invoice {row.reference} was already imported / tagihan sudah diimpor") from None
    count, errors = await _store_lines(ctx, session, invoice, file)
    if errors or not count:
        return count, errors or [{"row_number": 0, "field": "body", "message": "tagihan tanpa baris / invoice has "
                                  "no lines", "others": [], "fatal": True}]
    await _reconcile(session, invoice, frozenset(row.budget_ids))
    await session.execute(update(InvoiceImportRow).where(InvoiceImportRow.id == row.id).values(invoice_id=invoice.id))
    await add_event(session, InvoiceReconciled(
        invoice_id=invoice.id, period=invoice.period, lines=invoice.line_count, matched=invoice.matched,
        discrepancies=invoice.counts, amount=invoice.billed_total, reference=invoice.reference,
        matched_amount=invoice.matched_total), regency_code=invoice.regency_code)
    return count, []


def _lines(file, fmt: str | None, period: str, errors: list[dict]) -> Iterator[Line]:
    """Valid lines of the file; invalid ones go to `errors` (every line is read: all are reported)."""
    for number, record in read_records(file, fmt, required=("amount",)):
        if isinstance(record, RowProblem):
            errors.append(_error(number, record.field, record.message, record.fatal))
            continue
        if not PERSON_COLUMNS & record.keys():
            errors.append(_error(number, "participant_id", "participant_id atau nik wajib / participant_id or nik "
                                                          "is required", True))
            return
        parsed = _parse({k: v if isinstance(v, str) else ("" if v is None else str(v)) for k, v in record.items()},
                        period)
        if isinstance(parsed, str):
            errors.append(_error(number, parsed.split()[0], parsed))
        elif not errors:
            yield parsed


def _error(number: int, field: str, message: str, fatal: bool = False) -> dict:
    return {"row_number": number, "field": field, "message": message, "others": [], "fatal": fatal}


async def _store_lines(ctx: JobContext, session: AsyncSession, invoice: InvoiceRow, file) -> tuple[int, list[dict]]:
    errors: list[dict] = []
    lines = _lines(file, ctx.job.upload_format, invoice.period, errors)
    directory = ctx.runtime.extras["directory"]
    count = 0
    while chunk := await asyncio.to_thread(lambda: list(islice(lines, CHUNK_LINES))):
        if errors:
            continue  # keep reading: every bad line is reported, nothing is stored
        niks = billed_niks(chunk)
        if niks:
            chunk = resolved(chunk, await directory.resolve(invoice.regency_code, niks))
        await _copy(session, invoice.id, chunk, count)
        count += len(chunk)
    invoice.line_count = count
    return count, errors


async def _copy(session: AsyncSession, invoice_id: uuid.UUID, lines: list[Line], before: int) -> None:
    raw = await (await session.connection()).get_raw_connection()
    async with raw.driver_connection.cursor() as cursor:
        async with cursor.copy(f"COPY invoice_lines ({', '.join(LINE_COLUMNS)}) FROM STDIN") as copy:
            for number, line in enumerate(lines, start=before + 1):
                await copy.write_row((invoice_id, number, line.participant_id, line.nik_masked, line.period,
                                      line.amount, None, None, None))


_FLAGS = text("""UPDATE invoice_lines l SET flag = f.flag, expected = f.expected, detail = f.detail
    FROM unnest(CAST(:line_no AS int[]), CAST(:flag AS text[]), CAST(:expected AS bigint[]), CAST(:detail AS text[]))
         AS f(line_no, flag, expected, detail)
    WHERE l.invoice_id = :invoice_id AND l.line_no = f.line_no""")
_TOTALS = text("""SELECT count(*), coalesce(sum(amount), 0), count(*) FILTER (WHERE flag IS NULL),
    coalesce(sum(amount) FILTER (WHERE flag IS NULL), 0) FROM invoice_lines WHERE invoice_id = :invoice_id""")
_COUNTS = text("""SELECT flag, count(*) FROM invoice_lines WHERE invoice_id = :invoice_id AND flag IS NOT NULL
    GROUP BY flag""")


async def _reconcile(session: AsyncSession, invoice: InvoiceRow, budget_ids: frozenset[str]) -> None:
    policy = rules.policy_for(invoice.regency_code)
    await _flag_page(session, invoice, budget_ids, policy, None)  # lines of NIKs nobody registered
    last = None
    while people := await _next_people(session, invoice.id, last):
        await _flag_page(session, invoice, budget_ids, policy, people)
        last = people[-1]
    lines, billed, matched, matched_total = (await session.execute(_TOTALS, {"invoice_id": invoice.id})).one()
    counts = {kind: 0 for kind in ("unknown_person", "already_protected_elsewhere", "terminated_recipient",
                                   "deceased_recipient", "amount_mismatch")}
    counts.update({flag: n for flag, n in (await session.execute(_COUNTS, {"invoice_id": invoice.id})).all()})
    invoice.line_count, invoice.billed_total, invoice.matched, invoice.matched_total = lines, billed, matched, \
        matched_total
    invoice.counts = counts


async def _next_people(session: AsyncSession, invoice_id: uuid.UUID, after: uuid.UUID | None) -> list[uuid.UUID]:
    """The next people (by id) whose lines together stay within PAGE_LINES (at least one person)."""
    query = (select(InvoiceLineRow.participant_id, func.count()).where(
        InvoiceLineRow.invoice_id == invoice_id, InvoiceLineRow.participant_id.is_not(None))
        .group_by(InvoiceLineRow.participant_id).order_by(InvoiceLineRow.participant_id).limit(PAGE_PEOPLE))
    if after is not None:
        query = query.where(InvoiceLineRow.participant_id > after)
    people, lines = [], 0
    for pid, count in (await session.execute(query)).all():
        if people and lines + count > PAGE_LINES:
            break
        people.append(pid)
        lines += count
    return people


async def _flag_page(session: AsyncSession, invoice: InvoiceRow, budget_ids: frozenset[str], policy,
                     people: list[uuid.UUID] | None) -> None:
    """Reconcile the lines of these people (None: of NIKs nobody registered) and write their flags."""
    where = (InvoiceLineRow.participant_id.is_(None) if people is None
             else any_of(InvoiceLineRow.participant_id, people))
    rows = (await session.execute(select(InvoiceLineRow.line_no, InvoiceLineRow.participant_id,
                                         InvoiceLineRow.nik_masked, InvoiceLineRow.period, InvoiceLineRow.amount)
                                  .where(InvoiceLineRow.invoice_id == invoice.id, where)
                                  .order_by(InvoiceLineRow.line_no))).all()
    if not rows:
        return
    lines = tuple(InvoiceLine(r.line_no, str(r.participant_id) if r.participant_id else r.nik_masked, r.period,
                              r.amount) for r in rows)
    ids = people or []
    report = reconcile(Invoice(invoice.reference, budget_ids, lines), await participants.records_for(session, ids),
                       await domain_allocations(session, ids), policy)
    found = report.discrepancies
    if found:
        await session.execute(_FLAGS, {"invoice_id": invoice.id, "line_no": [d.line_no for d in found],
                                       "flag": [d.kind for d in found], "expected": [d.expected for d in found],
                                       "detail": [d.detail or None for d in found]})
