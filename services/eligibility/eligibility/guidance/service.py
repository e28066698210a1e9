"""Answers that store nothing: required programmes (docs/API.md §6), benefit checks and rankings of
candidates over the quota (TTS Pasal 21(4), 9(3); Sambas Pasal 23(3))."""
from __future__ import annotations

import datetime as dt

from eligibility.guidance.schemas import JhtCheckIn, JkkCheckIn, JkpCheckIn, JpCheckIn, RankingIn, RequiredProgramsIn
from eligibility.problems import rules_as_problems
from eligibility.rules import (
    Facts,
    ProfileRegistry,
    build_facts,
    jht_claim,
    jkk_claim,
    jkp_claim,
    jp_old_age,
    rank_candidates,
    required_programs,
)
from shared.problems import InvalidInput
from shared.regulation import profiles
from shared.vocabularies import check_ids


def programs_required(profiles: ProfileRegistry, body: RequiredProgramsIn) -> dict:
    as_of = body.as_of or dt.date.today()
    if body.sector is not None:  # an unknown sector used to fall through to the general rules silently
        check_ids("sector", body.sector, [s["id"] for s in sectors_of(body.regency_code)], vocabulary="sectors",
                  regency_code=body.regency_code)
    with rules_as_problems():
        answer = required_programs(profiles, body.regency_code, as_of, worker_type=body.worker_type,
                                   employer_kind=body.employer_kind, business_scale=body.business_scale,
                                   sector=body.sector, migrant=body.migrant)
    return {**answer, "regency_code": body.regency_code, "as_of": as_of.isoformat()}


def check_benefit(profiles: ProfileRegistry, body: JhtCheckIn | JpCheckIn | JkpCheckIn | JkkCheckIn) -> dict:
    as_of = body.as_of or dt.date.today()
    with rules_as_problems("facts."):
        if isinstance(body, JhtCheckIn):
            decision = jht_claim(profiles, body.regency_code, as_of, body.facts)
        elif isinstance(body, JpCheckIn):
            decision = jp_old_age(profiles, body.regency_code, as_of, body.facts, body.contribution_months)
        elif isinstance(body, JkpCheckIn):
            _check_termination_reason(profiles, body.regency_code, body.termination_reason)
            decision = jkp_claim(profiles, body.regency_code, as_of, body.termination_reason)
        else:
            decision = jkk_claim(profiles, body.regency_code, as_of, body.event_date)
    return {**decision.to_dict(), "regency_code": body.regency_code, "as_of": as_of.isoformat()}


def _check_termination_reason(profiles: ProfileRegistry, regency_code: str, reason: str | None) -> None:
    known = profiles.get(regency_code).benefits.jkp_reason_labels
    if reason is not None and reason not in known:
        raise InvalidInput.fields([("termination_reason", f"harus salah satu dari / must be one of {sorted(known)}")])


def rank(profiles: ProfileRegistry, body: RankingIn) -> dict:
    as_of = body.as_of or dt.date.today()
    ids = [c.id for c in body.candidates]
    if len(set(ids)) != len(ids):
        raise InvalidInput.fields([("candidates", "id harus unik / candidate ids must be unique")])
    candidates = [{"id": c.id, "facts": _facts(c.facts, as_of, f"candidates.{i}.facts.")}
                  for i, c in enumerate(body.candidates)]
    with rules_as_problems():
        ranked = rank_candidates(profiles, body.regency_code, body.scheme, as_of, candidates)
    regulation = profiles.regulation_on(body.regency_code, as_of)
    return {"regency_code": body.regency_code, "scheme": body.scheme, "as_of": as_of.isoformat(),
            "regulation": regulation.to_dict(), "quota": body.quota,
            "ranking": [{**r.to_dict(), "within_quota": None if body.quota is None else r.rank <= body.quota}
                        for r in ranked]}


def _facts(facts: dict, as_of: dt.date, field_prefix: str) -> Facts:
    with rules_as_problems(field_prefix):
        return build_facts(facts, as_of=as_of)


def sectors_of(regency_code: str) -> list[dict]:
    """The employer sectors of the regency, from their one home (registry.yaml, read via the kernel)."""
    registry = profiles().part(regency_code, "registry") or {}
    return list((registry.get("employers") or {}).get("sectors") or [])
