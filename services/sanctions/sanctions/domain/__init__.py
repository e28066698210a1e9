"""Sanctions and licence clearance: pure domain (no database, HTTP or Kafka).

Entry points for the service layer:
- profile:    load_sanctions_profile(regency_code) -> SanctionsProfile
- case:       open_case(...), record_finding(case, ...), add_evidence(case, evidence, profile),
              decide(case, decision_kind=..., ...) -> Transition | raises Refused
- joining:    join_or_open(open_cases, regency_code=, subject=, violation=) -> JoinDecision
- decisions:  decide_impose(case, profile, on, services) -> ImposeDecision
- lifting:    evaluate_lifting(case, profile, on) -> LiftingEvaluation; proves_something(case, kind, profile)
- deadlines:  escalate_overdue(case, today, profile) -> Transition; calendar_for(profile)
- clearance:  clearance(active_sanctions, service, profile, on) -> ClearanceAnswer; active_sanction(case)
- licensing:  check_licence_application(application, profile, on) -> LicensingCheck
- fines:      fine_amount(contributions_owed, second_warning_ended, until, profile);
              fine_account_of(case, profile, on) -> FineAccount (imposed, paid, outstanding)
"""
from .case import add_evidence, decide, open_case, record_finding
from .case_state import Case, CaseState, Evidence, ImposedSanction, Step, Subject
from .clearance import ActiveSanction, ClearanceAnswer, active_sanction, clearance
from .deadlines import calendar_for, escalate_overdue
from .decisions import ImposeDecision, decide_impose
from .fines import FineAccount, FineCalculation, fine_account, fine_account_of, fine_amount
from .joining import JoinDecision, join_or_open
from .licensing import LicenceApplication, LicensingCheck, check_licence_application
from .lifting import LiftingEvaluation, evaluate_lifting, proves_something
from .profile import ProfileError, SanctionsProfile, load_sanctions_profile
from .records import DecisionRecord, DomainEvent, Missing, Reason, Refused, Transition

__all__ = [
    "ActiveSanction",
    "Case",
    "CaseState",
    "ClearanceAnswer",
    "DecisionRecord",
    "DomainEvent",
    "Evidence",
    "FineAccount",
    "FineCalculation",
    "fine_account",
    "fine_account_of",
    "ImposeDecision",
    "ImposedSanction",
    "JoinDecision",
    "LicenceApplication",
    "LicensingCheck",
    "LiftingEvaluation",
    "Missing",
    "ProfileError",
    "Reason",
    "Refused",
    "SanctionsProfile",
    "Step",
    "Subject",
    "Transition",
    "active_sanction",
    "add_evidence",
    "calendar_for",
    "check_licence_application",
    "clearance",
    "decide",
    "decide_impose",
    "escalate_overdue",
    "evaluate_lifting",
    "fine_amount",
    "join_or_open",
    "load_sanctions_profile",
    "open_case",
    "proves_something",
    "record_finding",
]
