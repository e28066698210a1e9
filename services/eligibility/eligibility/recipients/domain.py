"""Re-verifying an aid recipient from what the registry's events tell (TTS Pasal 20(1), Berau
Pasal 26, Sambas Pasal 26(6)). Pure: the facts the mirror knows, which scheme's rules apply,
and the rules' findings. Facts the events do not carry (death, field verification, withdrawal,
identity errors, current vulnerability) stay missing, and the reasons that need them are
reported undetermined rather than guessed; only the birth year is known, so an age bound is
decided only when the whole year falls on one side of it."""
from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

from eligibility.rules import ProfileRegistry, Reverification, Scheme, reverify, reverify_born_in
from eligibility.rules.conditions import UNKNOWN
from shared.events.eligibility import quarter_of  # noqa: F401 - the event contract names the quarter


@dataclass(frozen=True)
class RecipientState:
    participant_id: uuid.UUID
    worker_type: str | None
    category: str | None
    sex: str | None
    birth_year: int | None
    village_code: str | None
    employer_funded: bool        # an employer-funded membership is active: an employer registered them
    linked_scheme: str | None    # scheme of the latest eligible evaluation naming this participant


@dataclass(frozen=True)
class RecipientFinding:
    participant_id: uuid.UUID
    scheme: str | None           # None: no scheme with re-verification rules is known for the recipient
    result: Reverification | None


def facts_of(state: RecipientState) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    if state.sex:
        facts["sex"] = state.sex
    if state.village_code:
        facts["domicile_regency_code"] = state.village_code[:4]  # Kemendagri village codes start with the regency
    if state.employer_funded:
        facts.update(worker_type="pu", registered_by_employer=True)
    elif state.worker_type:
        facts["worker_type"] = state.worker_type
    return facts


def scheme_of(state: RecipientState, schemes: dict[str, Scheme]) -> Scheme | None:
    """The scheme the recipient was found eligible for, else the one whose rules name the
    recipient's registry category (when exactly one does)."""
    if state.linked_scheme in schemes:
        return schemes[state.linked_scheme]
    named = [s for s in schemes.values()
             if s.reverification and state.category in s.reverification.recipient_categories]
    return named[0] if len(named) == 1 else None


def reverify_recipient(registry: ProfileRegistry, regency_code: str, as_of: dt.date, state: RecipientState,
                       schemes: dict[str, Scheme]) -> RecipientFinding:
    scheme = scheme_of(state, schemes)
    if scheme is None or scheme.reverification is None:
        return RecipientFinding(state.participant_id, None, None)
    facts = facts_of(state)
    if state.birth_year:
        result = reverify_born_in(registry, regency_code, scheme.id, as_of, facts, state.birth_year)
    else:
        result = reverify(registry, regency_code, scheme.id, as_of, facts)
    return RecipientFinding(state.participant_id, scheme.id, result)


def summarise(findings: list[RecipientFinding]) -> dict[str, Any]:
    """Counts of what could not be decided, by reason and by the fact that was missing."""
    undetermined, missing = Counter(), Counter()
    for finding in findings:
        for f in finding.result.findings if finding.result else ():
            if f.status == UNKNOWN:
                undetermined[f.reason] += 1
                missing.update(f.missing_facts)
    return {"recipients": len(findings), "without_rules": sum(f.result is None for f in findings),
            "undetermined": dict(sorted(undetermined.items())), "missing_facts": dict(sorted(missing.items()))}
