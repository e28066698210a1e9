"""Re-verification from registry events: the facts the mirror knows, which scheme's rules apply,
quarters."""
from __future__ import annotations

import datetime as dt
import uuid

from eligibility.recipients.domain import RecipientState, facts_of, quarter_of, reverify_recipient, scheme_of

DAY = dt.date(2026, 1, 15)


def _state(**changes) -> RecipientState:
    values = dict(participant_id=uuid.uuid4(), worker_type="bpu", category="vulnerable_worker", sex="F",
                  birth_year=1980, village_code="5304012001", employer_funded=False, linked_scheme=None)
    return RecipientState(**{**values, **changes})


def _schemes(registry, code):
    profile = registry.get(code)
    regulation = profile.regulation_on(DAY)
    return {k: profile.scheme_under(k, regulation) for k in profile.schemes}


def test_facts_known_from_events():
    assert facts_of(_state()) == {"sex": "F", "domicile_regency_code": "5304", "worker_type": "bpu"}
    assert facts_of(_state(employer_funded=True))["registered_by_employer"] is True
    assert facts_of(_state(sex=None, village_code=None, worker_type=None)) == {}


def test_scheme_by_linked_evaluation_else_by_category(registry):
    sambas = _schemes(registry, "6101")
    assert scheme_of(_state(category="palm_oil_plantation_worker"), sambas).id == "palm_oil_worker_aid"
    assert scheme_of(_state(category="vulnerable_worker"), sambas) is None  # Sambas Pasal 22-23: no rules named
    assert scheme_of(_state(linked_scheme="vulnerable_worker_aid"), sambas).id == "vulnerable_worker_aid"
    finding = reverify_recipient(registry, "6101", DAY, _state(linked_scheme="vulnerable_worker_aid"), sambas)
    assert (finding.scheme, finding.result) == (None, None)  # a scheme without re-verification rules


def test_quarters():
    assert [quarter_of(dt.date(2026, m, 1)) for m in (1, 3, 4, 12)] == ["2026-Q1", "2026-Q1", "2026-Q2", "2026-Q4"]
