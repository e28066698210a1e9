"""Eligibility rules: pure domain code driven by the regency regulation profiles (law as data).

Entry points:
    ProfileRegistry.load() / default_registry()       compiled profiles of every regency
    evaluate(registry, regency_code, scheme, as_of, facts) -> Evaluation     docs/API.md §5
    BatchEvaluator(registry, regency_code, scheme, as_of).evaluate(columns)  batch form
    required_programs(registry, regency_code, as_of, ...) -> dict            docs/API.md §6
    jht_claim / jp_old_age / jkp_claim / jkk_claim                           benefits
    rank_candidates(...), reverify(...), reverify_born_in(...)               aid recipients
    BatchEvaluator(...).evaluate_raw(raw, n)          uploads: build_facts by column (columnar.py)
"""
from .benefits import BenefitDecision, jht_claim, jkk_claim, jkp_claim, jp_old_age
from .checks import Check
from .engine import Evaluation, evaluate
from .errors import (
                     InvalidFacts,
                     NoRegulationInForce,
                     NotConfigured,
                     ProfileError,
                     RulesError,
                     SchemeNotOffered,
                     UnknownRegency,
)
from .facts import Facts, build_facts
from .profiles import ProfileRegistry, RegencyProfile, Regulation, Scheme, default_registry
from .programs import required_programs
from .ranking import RankedCandidate, rank_candidates
from .reverification import Reverification, reverify, reverify_born_in
from .vectorised import BatchEvaluator, BatchResult, Columns

__all__ = [
    "BatchEvaluator", "BatchResult", "BenefitDecision", "Check", "Columns", "Evaluation", "Facts",
    "InvalidFacts", "NoRegulationInForce", "NotConfigured", "ProfileError", "ProfileRegistry",
    "RankedCandidate", "RegencyProfile", "Regulation", "Reverification", "RulesError", "Scheme",
    "SchemeNotOffered", "UnknownRegency", "build_facts", "default_registry", "evaluate", "jht_claim",
    "jkk_claim", "jkp_claim", "jp_old_age", "rank_candidates", "required_programs", "reverify",
    "reverify_born_in",
]
