"""Small builders for contribution-aid domain tests (a unique module name: test folders are
not packages, so it must not clash with other areas' helpers)."""
from __future__ import annotations

import datetime as dt

from contribution_aid.domain.allocations import Allocation, AllocationRequest, ParticipantFacts
from contribution_aid.domain.budgets import Budget, Payer

AS_OF = dt.date(2026, 1, 15)
CODES = {"tts": "5304", "berau": "6405", "sambas": "6101", "tabalong": "6309", "lamandau": "6207"}


def person(pid="p-1", regency="6101", scheme="vulnerable_worker_aid", village_kind="desa",
           village_code="6101012001", approved=True, status="active") -> ParticipantFacts:
    return ParticipantFacts(pid, regency, scheme, village_kind, village_code, approved, status)


def budget(regency="6101", source="apbd", amount=10_000_000, year=2026, scheme=None, payer=None,
           budget_id="b-apbd") -> Budget:
    return Budget(regency, year, source, amount, scheme, payer, budget_id)


def request(participant, start="2026-01", months=12, share_bp=10000) -> AllocationRequest:
    return AllocationRequest(participant, start, months, share_bp)


def allocation(pid="p-1", budget_id="b-other", source="apbd_provinsi", start="2026-01", months=12,
               monthly_amount=16800, share_bp=10000, allocation_id=None) -> Allocation:
    return Allocation(pid, budget_id, source, start, months, monthly_amount, share_bp, allocation_id)


__all__ = ["person", "budget", "request", "allocation", "Payer", "AS_OF", "CODES"]
