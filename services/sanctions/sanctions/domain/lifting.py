"""When is an imposed TMP2T lifted, and when is a case settled before any TMP2T?

Lifting conditions are the violation's `lifting.all_of` in the profile (Tabalong Pasal 28(5):
fine paid and obligations met; Lamandau Pasal 32: fine paid in full AND employer and workers
registered, or complete and correct data supplied; others PP 86/2013 Pasal 10(7)). Every
condition must be proved by evidence dated on or before the decision date; one missing keeps
the sanction in force.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .case_state import Case
from .fines import fine_account_of
from .profile import SanctionsProfile
from .records import Missing, cite
from .vocabulary import EVIDENCE_LABELS


@dataclass(frozen=True)
class ConditionStatus:
    kind: str
    label: str
    held: bool
    reference: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class LiftingEvaluation:
    all_hold: bool
    conditions: tuple[ConditionStatus, ...]
    citation: str | None
    held_since: dt.date | None   # the day the last condition came to hold

    @property
    def missing(self) -> tuple[Missing, ...]:
        return tuple(Missing(c.kind, c.label, self.citation) for c in self.conditions if not c.held)


def evaluate_lifting(case: Case, profile: SanctionsProfile, on: dt.date) -> LiftingEvaluation:
    """Evaluate the lifting conditions of the case's violation (as in force when it was imposed)."""
    ruled_on = case.sanction.imposed_on if case.sanction else on
    violation = profile.violation(case.violation, ruled_on) or profile.violation(case.violation, on)
    if violation is None or violation.lifting is None:
        return LiftingEvaluation(False, (), None, None)
    return _evaluate(case, violation.lifting.all_of, cite(violation.lifting.citation), on, profile)


def evaluate_compliance(case: Case, profile: SanctionsProfile, on: dt.date) -> LiftingEvaluation:
    """Before any TMP2T: the broken obligation is met, and any fine imposed on the case is paid
    (PP 86/2013 Pasal 10(4)-(5): the fine is owed once imposed)."""
    violation = profile.violation(case.violation, case.opened_on) or profile.violation(case.violation, on)
    if violation is None or not violation.obligation_evidence:
        return LiftingEvaluation(False, (), None, None)
    kinds = violation.obligation_evidence + (("fine_paid",) if case.fine_imposed else ())
    return _evaluate(case, kinds, cite(violation.duty_citation), on, profile)


def proves_something(case: Case, kind: str, profile: SanctionsProfile) -> bool:
    """Is `kind` a proof this case waits for (an obligation of its violation or a lifting
    condition)? A registration reported for an employer concerns its non-registration cases,
    not, say, its incomplete-data case."""
    violation = profile.violation(case.violation, case.opened_on)
    if violation is None:
        return False
    lifting = violation.lifting.all_of if violation.lifting else ()
    return kind in violation.obligation_evidence or kind in lifting


def _evaluate(case: Case, kinds: tuple[str, ...], citation: str | None, on: dt.date,
              profile: SanctionsProfile) -> LiftingEvaluation:
    statuses = [_fine_status(case, on, profile) if kind == "fine_paid" else _proved(case, kind, on) for kind in kinds]
    all_hold = bool(statuses) and all(s.held for s in statuses)
    held_since = max(s.date for s in statuses) if all_hold else None
    return LiftingEvaluation(all_hold, tuple(statuses), citation, held_since)


def _proved(case: Case, kind: str, on: dt.date) -> ConditionStatus:
    proofs = case.evidence_of(kind, on)
    first = min(proofs, key=lambda e: e.date) if proofs else None
    return ConditionStatus(kind, EVIDENCE_LABELS[kind], first is not None,
                           first.reference if first else None, first.date if first else None)


def _fine_status(case: Case, on: dt.date, profile: SanctionsProfile) -> ConditionStatus:
    """The fine holds only when paid in full (Lamandau Pasal 32 huruf a "disetor secara lunas",
    Tabalong Pasal 28(5)); a part payment leaves it missing, its label saying what is still owed."""
    account = fine_account_of(case, profile, on)
    label = EVIDENCE_LABELS["fine_paid"]
    if not account.settled:
        return ConditionStatus("fine_paid", f"{label} ({account.shortfall_label()})", False)
    proof = account.settled_by
    return ConditionStatus("fine_paid", label, True, proof.reference, proof.date)
