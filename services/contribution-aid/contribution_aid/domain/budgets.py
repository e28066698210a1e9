"""Aid budgets: one funding source's money for one fiscal year, and what it may pay for.

A budget's amount is never overwritten: each change is an amendment record (APBD-P, a
company topping up its CSR pledge), and the current amount is derived from them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from .outcomes import Note, Refusal, cite, rupiah
from .policy import AidPolicy

PAYER_KINDS = ("agency", "company", "village", "province", "other")


@dataclass(frozen=True)
class Payer:
    """Who pays and is invoiced: a PD (agency code), a company (employer id), a desa
    (village code), the province."""

    kind: str
    ref: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class BudgetAmendment:
    delta: int
    effective_date: dt.date
    reference: str  # e.g. the APBD-P regulation or the company's letter number
    reason: str = ""


@dataclass(frozen=True)
class Budget:
    regency_code: str
    fiscal_year: int
    funding_source: str
    initial_amount: int
    scheme: str | None = None
    payer: Payer | None = None
    id: str | None = None
    amendments: tuple[BudgetAmendment, ...] = field(default_factory=tuple)

    @property
    def amount(self) -> int:
        return self.initial_amount + sum(a.delta for a in self.amendments)

    def available(self, committed: int) -> int:
        return self.amount - committed


@dataclass(frozen=True)
class BudgetValidation:
    accepted: bool
    rejections: tuple[Refusal, ...]
    notes: tuple[Note, ...]
    invoice_recipient: str | None
    citations: tuple[str, ...]


def quota(budget_available: int, monthly_amount: int, months: int) -> int:
    """How many people the money left can fund for `months` at `monthly_amount` each."""
    if monthly_amount <= 0 or months <= 0:
        raise ValueError("monthly_amount and months must be positive")
    return max(budget_available, 0) // (monthly_amount * months)


def validate_budget(budget: Budget, policy: AidPolicy) -> BudgetValidation:
    """May this regency hold this budget? Source named by its regulation, earmarks kept,
    payer of the right kind."""
    rejections = _basic_rejections(budget, policy)
    source = policy.sources.get(budget.funding_source)
    if source is None:
        rejections.append(_source_not_allowed(budget, policy))
    else:
        rejections.extend(_earmark_rejections(budget, policy))
    notes = _notes(budget, policy) if source else []
    return BudgetValidation(
        accepted=not rejections, rejections=tuple(rejections), notes=tuple(notes),
        invoice_recipient=source.invoice_recipient if source else None,
        citations=cite(source.citation if source else None, *(source.invoice_citations if source else ())))


def _basic_rejections(budget: Budget, policy: AidPolicy) -> list[Refusal]:
    out = []
    if budget.regency_code != policy.regency_code:
        out.append(Refusal("regency_mismatch", "Anggaran bukan milik kabupaten ini.",
                           details={"budget_regency": budget.regency_code, "policy_regency": policy.regency_code}))
    if budget.initial_amount <= 0:
        out.append(Refusal("invalid_amount", "Nilai anggaran harus lebih dari nol.",
                           details={"amount": budget.initial_amount}))
    if budget.scheme is not None and budget.scheme not in policy.aided_schemes:
        out.append(Refusal("scheme_not_aided",
                           f"Skema {budget.scheme} tidak dibiayai bantuan iuran di kabupaten ini.",
                           cite(*policy.aided_schemes.values()),
                           {"scheme": budget.scheme, "aided_schemes": sorted(policy.aided_schemes)}))
    if budget.payer is not None and budget.payer.kind not in PAYER_KINDS:
        out.append(Refusal("invalid_payer", f"Jenis pembayar tidak dikenal: {budget.payer.kind}.",
                           details={"payer_kind": budget.payer.kind, "allowed": list(PAYER_KINDS)}))
    return out


def _source_not_allowed(budget: Budget, policy: AidPolicy) -> Refusal:
    unlisted = policy.interpretations.get("unlisted_named_sources")
    return Refusal(
        "source_not_allowed",
        f"Sumber dana {budget.funding_source} tidak disebut dalam peraturan bupati ini; "
        "dana sah lainnya dicatat sebagai sumber lain (other).",
        cite(policy.funding_article, unlisted.citation if unlisted else None,
             "interpretasi unlisted_named_sources" if unlisted else None),
        {"funding_source": budget.funding_source, "allowed_sources": sorted(policy.sources)})


def _earmark_rejections(budget: Budget, policy: AidPolicy) -> list[Refusal]:
    out = []
    for earmark in policy.earmarks_for(budget.funding_source):
        if earmark.rule == "schemes" and budget.scheme is not None and budget.scheme not in earmark.values:
            out.append(Refusal("earmark_violated",
                               f"Dana {budget.funding_source} hanya untuk skema {', '.join(earmark.values)}.",
                               earmark.citations, {"rule": "schemes", "scheme": budget.scheme,
                                                   "allowed": list(earmark.values)}))
        if earmark.rule == "payer_kind" and budget.payer is not None and budget.payer.kind not in earmark.values:
            out.append(Refusal("earmark_violated",
                               f"Dana {budget.funding_source} dibayar oleh {', '.join(earmark.values)}, "
                               f"bukan {budget.payer.kind}.",
                               earmark.citations, {"rule": "payer_kind", "payer_kind": budget.payer.kind,
                                                   "allowed": list(earmark.values)}))
        if earmark.rule == "own_village" and budget.payer is not None and budget.payer.kind != "village":
            out.append(Refusal("earmark_violated", "APB Desa dibayar oleh pemerintah desa yang bersangkutan.",
                               earmark.citations, {"rule": "own_village", "payer_kind": budget.payer.kind}))
    return out


def _notes(budget: Budget, policy: AidPolicy) -> list[Note]:
    """Accepted, but someone must still name who pays before BPJS can invoice."""
    needs_payer = any(e.rule in ("payer_kind", "own_village") for e in policy.earmarks_for(budget.funding_source))
    if needs_payer and (budget.payer is None or budget.payer.ref is None):
        source = policy.sources[budget.funding_source]
        return [Note("payer_not_named",
                     f"Pembayar {source.label} belum disebut; tagihan BPJS dan batasan penggunaan dana "
                     "menunggu nama perusahaan/desa.", source.invoice_citations)]
    return []


# -- amendments ------------------------------------------------------------------------------

@dataclass(frozen=True)
class AmendmentDecision:
    accepted: bool
    budget: Budget
    refusal: Refusal | None = None


def amend_budget(budget: Budget, amendment: BudgetAmendment, committed: int) -> AmendmentDecision:
    """Record a change of the amount; it may not fall below what is already committed."""
    new_amount = budget.amount + amendment.delta
    if not amendment.reference.strip():
        return AmendmentDecision(False, budget, Refusal(
            "amendment_without_reference", "Perubahan anggaran harus menyebut dasar (nomor dokumen)."))
    if new_amount < committed:
        return AmendmentDecision(False, budget, Refusal(
            "amendment_below_committed",
            f"Anggaran baru {rupiah(new_amount)} lebih kecil dari yang sudah terikat {rupiah(committed)}.",
            details={"new_amount": new_amount, "committed": committed}))
    return AmendmentDecision(True, replace(budget, amendments=budget.amendments + (amendment,)))
