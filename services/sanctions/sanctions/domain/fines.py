"""The administrative fine: a rate a month of the contributions that should have been paid,
counted from the end of the second written warning (PP 86/2013 Pasal 10(4)); rate and
month counting come from the profile."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .case_state import Case, Evidence
from .profile import SanctionsProfile
from .records import cite


@dataclass(frozen=True)
class FineCalculation:
    amount: int               # whole rupiah
    contributions_owed: int
    months: int
    rate_per_month: Decimal
    citation: str | None


def months_late(since: dt.date, until: dt.date, *, count_started_months: bool) -> int:
    """Months from `since` (exclusive) to `until`; a started month counts when the profile says so."""
    if until <= since:
        return 0
    whole = (until.year - since.year) * 12 + (until.month - since.month)
    if until.day < since.day:
        whole -= 1
    anniversary = _add_months(since, whole)
    return whole + (1 if count_started_months and until > anniversary else 0)


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def fine_amount(contributions_owed: int, second_warning_ended: dt.date, until: dt.date,
                profile: SanctionsProfile) -> FineCalculation:
    rate = profile.parameter("fine_rate_per_month", second_warning_ended)
    counting = profile.choice("fine_month_counting", "started_month") == "started_month"
    months = months_late(second_warning_ended, until, count_started_months=counting)
    per_month = Decimal(str(rate.value))
    amount = (Decimal(contributions_owed) * per_month * months).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return FineCalculation(int(amount), contributions_owed, months, per_month, cite(rate.citation))


# --- what has been paid of the fine imposed ---------------------------------------------------------
@dataclass(frozen=True)
class FineAccount:
    """The fine on a case: imposed (the `fine_imposed` amounts; None when no amount is on file),
    paid so far (the `fine_paid` amounts), and the proof that settled it in full, if any.

    Lamandau Pasal 32 huruf a ("disetor secara lunas") and Tabalong Pasal 28(5) ("telah
    melaksanakan sanksi denda") lift TMP2T only on full payment: a part payment settles nothing."""

    imposed: int | None
    paid: int
    settled_by: Evidence | None

    @property
    def settled(self) -> bool:
        return self.settled_by is not None

    @property
    def outstanding(self) -> int | None:
        if self.settled:
            return 0
        return None if self.imposed is None else max(self.imposed - self.paid, 0)

    def to_dict(self) -> dict:
        return {"imposed": self.imposed, "paid": self.paid, "outstanding": self.outstanding,
                "settled": self.settled, "settled_on": self.settled_by.date.isoformat() if self.settled else None}

    def shortfall_label(self) -> str:
        """What is still owed, for a refusal or a decision record (Indonesian, then English)."""
        if self.imposed is None:
            return "belum ada bukti penyetoran denda / no proof of the fine's payment yet"
        return (f"denda dikenakan {rupiah(self.imposed)}, disetor {rupiah(self.paid)}, kurang "
                f"{rupiah(self.outstanding or 0)} / fine imposed {rupiah(self.imposed)}, paid {rupiah(self.paid)}, "
                f"outstanding {rupiah(self.outstanding or 0)}")


def fine_account(case: Case, on: dt.date | None = None, *, amountless_payment_settles: bool = True) -> FineAccount:
    """Payments are added up in date order; the fine is settled on the payment that reaches the
    amount imposed. A payment reported without an amount is read by the profile's named
    interpretation `fine_paid_without_amount` (default: BPJS's confirmation that the fine is settled
    in full); with no imposed amount on file, the first payment settles it (nothing to compare)."""
    imposed_amounts = [e.amount for e in case.evidence_of("fine_imposed", on) if e.amount is not None]
    imposed = sum(imposed_amounts) if imposed_amounts else None
    paid, settled_by = 0, None
    for payment in sorted(case.evidence_of("fine_paid", on), key=lambda e: e.date):
        paid += payment.amount or 0
        reaches = imposed is None or paid >= imposed or (payment.amount is None and amountless_payment_settles)
        if settled_by is None and reaches:
            settled_by = payment
    return FineAccount(imposed, paid, settled_by)


def fine_account_of(case: Case, profile: SanctionsProfile, on: dt.date | None = None) -> FineAccount:
    """`fine_account` with the regency's reading of a payment reported without an amount."""
    settles = profile.choice("fine_paid_without_amount", "settles_in_full") == "settles_in_full"
    return fine_account(case, on, amountless_payment_settles=settles)


def rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")
