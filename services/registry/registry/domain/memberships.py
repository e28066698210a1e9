"""Membership history rules (docs/API.md §7 memberships and terminations).

A membership is one programme for one participant from a start date, funded by the
participant (self), an employer, or contribution aid. History is never overwritten: starting
creates new records, and a termination returns a new version of every membership it closes
(`version + 1`, `end_date` set) for the caller to append; the earlier version stays.

`end_date` is exclusive: the first day no longer covered, i.e. the termination's effective date.
"""
from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from shared.regulation import Citation

from .common import FieldError, is_blank
from .registry_profile import ProgrammesRun, RegistryProfile, TerminationReason

PROGRAMME_CODES = ("JKK", "JKM", "JHT", "JP", "JKP")


@dataclass(frozen=True)
class Membership:
    id: str
    programme: str
    start_date: dt.date
    funding: str
    end_date: dt.date | None = None
    end_reason: str | None = None
    decree_number: str | None = None
    version: int = 1

    def open_on_or_after(self, day: dt.date) -> bool:
        """Still covering `day` or later (not ended before it)."""
        return self.end_date is None or self.end_date > day


@dataclass(frozen=True)
class MembershipRequest:
    programs: Sequence[str]
    start_date: dt.date
    funding: str


@dataclass(frozen=True)
class TerminationRequest:
    reason: str
    effective_date: dt.date
    decree_number: str | None = None


@dataclass
class MembershipDecision:
    errors: list[FieldError] = field(default_factory=list)
    started: list[Membership] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)


@dataclass
class TerminationDecision:
    errors: list[FieldError] = field(default_factory=list)
    closed: list[Membership] = field(default_factory=list)  # new versions to append
    reason: TerminationReason | None = None
    notify: tuple[str, ...] = ()  # parties to tell in writing (TTS Pasal 20(4))
    citations: list[Citation] = field(default_factory=list)


def start_memberships(request: MembershipRequest, *, worker_type: str, existing: Sequence[Membership],
                      programmes_run: ProgrammesRun, registry: RegistryProfile, as_of: dt.date,
                      birth_date: dt.date | None = None,
                      new_id: Callable[[], str] = lambda: str(uuid.uuid4())) -> MembershipDecision:
    """New membership records, one per programme, or the reasons they cannot start."""
    decision = MembershipDecision()
    programmes = _check_programmes(request.programs, programmes_run, decision)
    _check_funding(request.funding, worker_type, registry, decision)
    _check_start(request.start_date, as_of, birth_date, registry, decision)
    still_open = _latest_versions(existing, open_on=request.start_date)
    for code in programmes:
        if any(m.programme == code for m in still_open):
            decision.errors.append(FieldError("programs", f"program {code} masih aktif / {code} is already active"))
    if not decision.errors:
        decision.started = [Membership(new_id(), code, request.start_date, request.funding) for code in programmes]
    return decision


def _check_programmes(programs: Sequence[str], run: ProgrammesRun, decision: MembershipDecision) -> list[str]:
    codes = [] if isinstance(programs, str) else [p.strip().upper() for p in programs if isinstance(p, str)]
    if not codes or len(codes) != len(programs):
        decision.errors.append(FieldError("programs", "sebutkan minimal satu program / name at least one programme"))
        return []
    if len(set(codes)) != len(codes):
        decision.errors.append(FieldError("programs", "program disebut dua kali / a programme is listed twice"))
    for code in dict.fromkeys(codes):
        if code not in PROGRAMME_CODES:
            decision.errors.append(FieldError("programs", f"program tidak dikenal: {code} / unknown programme {code}"))
        elif code not in run.codes:
            where = f" ({run.citation})" if run.citation else ""
            decision.errors.append(FieldError("programs", f"program {code} tidak diselenggarakan di kabupaten ini / "
                                                          f"{code} is not run in this regency{where}"))
    if run.citation is not None:
        decision.citations.append(run.citation)
    return list(dict.fromkeys(codes))


def _check_funding(funding_id: str, worker_type: str, registry: RegistryProfile, decision: MembershipDecision) -> None:
    funding = registry.funding_kind(funding_id)
    if funding is None:
        allowed = "/".join(f.id for f in registry.funding)
        decision.errors.append(FieldError("funding", f"sumber iuran harus {allowed} / funding must be {allowed}"))
        return
    if worker_type not in funding.worker_types:
        decision.errors.append(FieldError("funding", f"{funding.id} tidak berlaku untuk peserta {worker_type} / "
                                                     f"{funding.id} funding is not for {worker_type} participants"))
        return
    if funding.citation is not None:
        decision.citations.append(funding.citation)


def _check_start(start: dt.date, as_of: dt.date, birth_date: dt.date | None, registry: RegistryProfile,
                 decision: MembershipDecision) -> None:
    if birth_date is not None and start < birth_date:
        decision.errors.append(FieldError("start_date", "sebelum tanggal lahir / before the birth date"))
    if start > as_of + dt.timedelta(days=registry.max_start_days_ahead):
        decision.errors.append(FieldError("start_date", f"lebih dari {registry.max_start_days_ahead} hari ke depan / "
                                                        f"more than {registry.max_start_days_ahead} days ahead"))


def terminate(request: TerminationRequest, *, existing: Sequence[Membership],
              registry: RegistryProfile) -> TerminationDecision:
    """Close every membership still open on the effective date, with the regency's reason and
    citation; a regent's decree number is required when an aid-funded membership is closed."""
    decision = TerminationDecision()
    rules = registry.termination
    reason = rules.reason(request.reason)
    if reason is None:
        allowed = ", ".join(r.id for r in rules.reasons)
        decision.errors.append(FieldError("reason", f"alasan harus salah satu dari: {allowed} / "
                                                    f"reason must be one of: {allowed}"))
        return decision
    decision.reason = reason
    to_close = _latest_versions(existing, open_on=request.effective_date)
    if not to_close:
        decision.errors.append(FieldError("effective_date", "tidak ada kepesertaan aktif pada tanggal itu / "
                                                            "no membership is active on or after that date"))
        return decision
    # The decree and the written notice belong to the aid list (fixed by decree); a self- or
    # employer-funded membership ends without them.
    aid_list = any(m.funding in rules.decree_required_for_funding for m in to_close)
    if aid_list and is_blank(request.decree_number):
        decision.errors.append(FieldError("decree_number", f"wajib Keputusan Bupati ({rules.decree_citation}) / "
                                                           f"a regent's decree is required ({rules.decree_citation})"))
        return decision
    decision.closed = [_closed(m, request, reason.id) for m in to_close]
    procedure = (rules.decree_citation, rules.notify_citation) if aid_list else ()
    decision.notify = rules.notify_parties if aid_list else ()
    decision.citations = [c for c in (reason.citation, *procedure) if c is not None]
    return decision


def _latest_versions(existing: Sequence[Membership], *, open_on: dt.date) -> list[Membership]:
    latest: dict[str, Membership] = {}
    for membership in existing:
        if membership.id not in latest or membership.version > latest[membership.id].version:
            latest[membership.id] = membership
    return [m for m in latest.values() if m.open_on_or_after(open_on)]


def _closed(membership: Membership, request: TerminationRequest, reason_id: str) -> Membership:
    # A membership that had not started by the effective date ends on its own start: it never covered a day.
    end = max(request.effective_date, membership.start_date)
    return replace(membership, end_date=end, end_reason=reason_id,
                   decree_number=request.decree_number or None, version=membership.version + 1)


def active_memberships(history: Sequence[Membership], on: dt.date) -> list[Membership]:
    """The latest version of every membership covering `on`."""
    return [m for m in _latest_versions(history, open_on=on) if m.start_date <= on]


# BPJS membership sync (registry/bpjs): BPJS is told who pays by the registration itself, not in
# the sync rows, so a membership BPJS reports that the registry did not know is recorded with the
# usual payer of the participant's worker type.
BPJS_INACTIVE = "bpjs_inactive"
BPJS_FUNDING_BY_WORKER_TYPE = {"pu": "employer", "bpu": "self"}


@dataclass(frozen=True)
class BpjsReport:
    """One participant's BPJS membership as the latest sync row states it."""

    active: bool
    programs: Sequence[str]
    start_date: dt.date
    end_date: dt.date | None


@dataclass
class BpjsReconciliation:
    started: list[Membership] = field(default_factory=list)
    closed: list[Membership] = field(default_factory=list)  # new versions to append
    effective_date: dt.date | None = None


def reconcile_with_bpjs(report: BpjsReport, *, existing: Sequence[Membership], worker_type: str, today: dt.date,
                        new_id: Callable[[], str] = lambda: str(uuid.uuid4())) -> BpjsReconciliation:
    """What the registry's history must record so it agrees with BPJS: an active BPJS
    membership where the registry has none open starts one (source BPJS); an inactive or
    terminated one closes what is still open on its end date (or today). Anything else is
    already in agreement: BPJS confirming what the registry holds changes nothing."""
    open_now = _latest_versions(existing, open_on=today)
    if report.active:
        if open_now:
            return BpjsReconciliation()
        funding = BPJS_FUNDING_BY_WORKER_TYPE[worker_type]
        codes = list(dict.fromkeys(p.upper() for p in report.programs))
        return BpjsReconciliation(started=[Membership(new_id(), code, report.start_date, funding) for code in codes])
    effective = report.end_date or today
    # a membership the registry started after BPJS's end date is a newer one BPJS has not seen yet
    to_close = [m for m in _latest_versions(existing, open_on=effective) if m.start_date <= effective]
    closing = TerminationRequest(BPJS_INACTIVE, effective)
    return BpjsReconciliation(closed=[_closed(m, closing, BPJS_INACTIVE) for m in to_close],
                              effective_date=effective if to_close else None)
