"""A realistic mixed event stream for the reporting read models, built with the typed
contracts and `shared.events.envelope_for`, produced straight to the broker with aiokafka.

Deterministic for a seed. It holds what the live system sends and what it may do to a
consumer: every producer's events, redeliveries (the same event twice) and, within one
aggregate, events in an unexpected order (a termination before its start, an update before
the registration)."""
from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field

import orjson
from aiokafka import AIOKafkaProducer

from shared.events import contribution_aid as aid
from shared.events import envelope_for, key_of, topic_for
from shared.events import registry as reg
from shared.events import sanctions as sanc
from shared.kafka import ensure_topics
from shared.regulation import profiles

PRODUCERS = ("registry", "contribution-aid", "sanctions")
CATEGORIES = ("vulnerable_worker", "non_wage_earner", "construction_worker", "non_state_employer_worker")


@dataclass(frozen=True)
class Message:
    topic: str
    key: bytes
    value: bytes


@dataclass
class Stream:
    today: dt.date
    seed: int = 7
    messages: list[Message] = field(default_factory=list)
    clock: dt.datetime = field(init=False)

    def __post_init__(self):
        self.rng = random.Random(self.seed)
        self.clock = dt.datetime.combine(self.today - dt.timedelta(days=330), dt.time(8), dt.UTC)

    def emit(self, payload, regency_code: str, *, on: dt.date | None = None) -> Message:
        """Append one event; `occurred_at` moves forward (to `on` when later), never past today."""
        moment = dt.datetime.combine(min(on, self.today), dt.time(9), dt.UTC) if on else None
        self.clock = max(self.clock + dt.timedelta(seconds=1), moment or self.clock)
        envelope = envelope_for(payload, regency_code=regency_code).model_copy(update={"occurred_at": self.clock})
        message = Message(topic_for(payload.producer), key_of(payload).encode(), orjson.dumps(envelope.to_json_dict()))
        self.messages.append(message)
        return message

    def day(self, low: int, high: int) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(low, high))


def _people(s: Stream, regency_code: str, count: int) -> list[tuple[uuid.UUID, str, dt.date]]:
    """Participants over 3 districts with villages of very different sizes (small cells). Village
    codes are Kemendagri codes (Berau 64.03, not BPS 6405), most of them in the regency's places.csv."""
    people = []
    prefix = profiles().regency(regency_code).kemendagri_code
    weights = [(d, v) for d in (1, 2, 3) for v in (1, 2, 3, 4)]
    for i in range(count):
        district, village = s.rng.choices(weights, weights=[12, 6, 3, 1] * 3)[0]
        village_code = f"{prefix}0{district}200{village}" if i % 23 else None
        category = s.rng.choice(CATEGORIES)
        registered = s.day(0, 320)
        pid = uuid.uuid4()
        payload = reg.ParticipantRegistered(
            participant_id=pid, worker_type="pu" if category.endswith("employer_worker") or category ==
            "construction_worker" else "bpu", category=category, occupation="petani", sex=s.rng.choice("MF"),
            birth_year=s.rng.randint(1955, 2007), district_code=village_code[:6] if village_code else None,
            village_code=village_code, registered_on=registered)
        if i % 31 == 5:   # an update that overtook its registration
            s.emit(reg.ParticipantUpdated(participant_id=pid, changes={"category": "vulnerable_worker"}),
                   regency_code, on=registered)
        s.emit(payload, regency_code, on=registered)
        people.append((pid, category, registered))
    return people


def _memberships(s: Stream, regency_code: str, people) -> list[uuid.UUID]:
    aided = []
    for i, (pid, category, registered) in enumerate(people):
        if i % 9 == 8:
            continue                              # registered, no membership yet
        funding = "aid" if category == "vulnerable_worker" else "employer" if category != "non_wage_earner" else "self"
        start = reg.MembershipStarted(
            participant_id=pid, membership_id=uuid.uuid4(), programs=["JKK", "JKM"] + (["JHT"] if i % 3 == 0 else []),
            start_date=registered + dt.timedelta(days=s.rng.randint(0, 20)), funding=funding)
        ended = reg.MembershipTerminated(participant_id=pid, membership_ids=[start.membership_id],
                                         reason="moved_out", effective_date=start.start_date + dt.timedelta(days=30))
        if i % 17 == 3:                           # the termination overtook the start
            s.emit(ended, regency_code)
            s.emit(start, regency_code)
        else:
            s.emit(start, regency_code, on=start.start_date)
            if i % 13 == 4:
                s.emit(ended, regency_code)
        if funding == "aid":
            aided.append(pid)
    return aided


def _construction(s: Stream, regency_code: str) -> None:
    employers = [uuid.uuid4() for _ in range(3)]
    for n, employer in enumerate(employers):
        s.emit(reg.EmployerRegistered(employer_id=employer, nib=f"91200{n}{regency_code}01", kind="non_state",
                                      business_scale="small", sector="F"), regency_code)
    # (SPK days ago, deadline after SPK, registered days after SPK or None)
    for spk_ago, registered_after in ((200, 5), (150, 30), (90, 10), (60, None), (40, 25), (5, None), (2, None)):
        spk = s.today - dt.timedelta(days=spk_ago)
        deadline = spk + dt.timedelta(days=19)
        registered = spk + dt.timedelta(days=registered_after) if registered_after is not None else None
        status = "pending" if registered is None else "on_time" if registered <= deadline else "late"
        project = reg.ConstructionProjectRegistered(
            project_id=uuid.uuid4(), employer_id=s.rng.choice(employers), contract_value=750_000_000,
            funding_source="apbd", spk_date=spk, registration_deadline=deadline,
            registration_status="pending" if status == "late" else status,
            bpjs_registered_on=registered if status == "on_time" else None)
        s.emit(project, regency_code, on=spk)
        if registered is None and deadline < s.today or status == "late":
            s.emit(reg.ConstructionRegistrationOverdue(
                project_id=project.project_id, employer_id=project.employer_id, spk_date=spk,
                registration_deadline=deadline, registered_on=registered if status == "late" else None,
                citation="Perpres 109/2013 Pasal 6(4)"), regency_code, on=deadline + dt.timedelta(days=1))


def _aid(s: Stream, regency_code: str, aided: list[uuid.UUID]) -> None:
    year = s.today.year
    budgets = {"apbd": uuid.uuid4(), "dbh_sawit": uuid.uuid4()}
    amended = aid.BudgetAmended(budget_id=budgets["apbd"], funding_source="apbd", fiscal_year=year, delta=1_008_000,
                                amount=len(aided) * 12 * 16_800 + 1_008_000, effective_date=dt.date(year, 6, 1),
                                reference="APBD-P")
    for source, budget_id in budgets.items():
        s.emit(aid.BudgetRecorded(budget_id=budget_id, funding_source=source, fiscal_year=year,
                                  amount=len(aided) * 12 * 16_800), regency_code, on=dt.date(year, 1, 5))
    for n, pid in enumerate(aided):
        source = "apbd" if n % 3 else "dbh_sawit"
        allocation = aid.AidAllocated(allocation_id=uuid.uuid4(), budget_id=budgets[source], participant_id=pid,
                                      funding_source=source, fiscal_year=year, months=6, start_month=f"{year}-01",
                                      amount=6 * 16_800)
        s.emit(allocation, regency_code, on=dt.date(year, 1, 10))
        if n % 5 == 1:
            s.emit(aid.AidReleased(allocation_id=allocation.allocation_id, budget_id=allocation.budget_id,
                                   participant_id=pid, funding_source=source, months_released=2,
                                   amount_released=2 * 16_800, reason="moved_out"), regency_code)
    s.emit(amended, regency_code)
    s.messages.insert(0, s.messages.pop())  # the amendment is delivered before the budget it amends
    s.emit(aid.BudgetExhausted(budget_id=budgets["dbh_sawit"], funding_source="dbh_sawit", fiscal_year=year,
                               available=16_800, requested=100_800), regency_code)
    first = max(1, s.today.month - 2)
    for month in range(first, s.today.month + 1):   # this fiscal year's latest invoices, two of them paid
        invoice = uuid.uuid4()
        amount = 16_800 * max(1, len(aided) // 2)
        s.emit(aid.InvoiceReconciled(invoice_id=invoice, period=f"{year}-{month:02d}", lines=len(aided),
                                     matched=len(aided) - 1, discrepancies={"not_allocated": 1}, amount=amount),
               regency_code)
        if month < first + 2:
            paid_on = min(dt.date(year, month, 20), s.today)
            s.emit(aid.ContributionPaid(invoice_id=invoice, period=f"{year}-{month:02d}", amount=amount,
                                        funding_source="apbd", transfer_reference=f"TRF-{month}", paid_on=paid_on),
                   regency_code, on=paid_on)


def _sanctions(s: Stream, regency_code: str) -> None:
    """Cases: some sanctioned, some lifted, one resolved before any sanction."""
    second = "contributions_unpaid" if regency_code == "6101" else "employer_not_registered"
    for n, violation in enumerate(["employer_not_registered"] * 4 + [second] * 3):
        employer = uuid.uuid4()
        facts = {"case_id": uuid.uuid4(), "case_number": f"{regency_code}/{n}/2026", "subject_kind": "employer",
                 "subject_id": str(employer), "employer_id": employer, "violation": violation}
        opened = s.day(60, 200)
        s.emit(sanc.CaseOpened(**facts, state="open", source="bpjs_request", opened_on=opened), regency_code, on=opened)
        if n % 2 == 0:
            imposed = opened + dt.timedelta(days=20)
            s.emit(sanc.SanctionRequested(**facts, state="sanction_requested", requested_by="BPJS Ketenagakerjaan"),
                   regency_code, on=imposed - dt.timedelta(days=5))
            agencies = {"business_license": sanc.ExecutingAgency(id="dpmptsp", name="DPMPTSP")}
            s.emit(sanc.SanctionImposed(**facts, state="sanctioned", decree_number=f"800/{n}/2026", imposed_on=imposed,
                                        services=["business_license"], executing_agencies=agencies,
                                        citations=["Pasal 31(2)"]), regency_code, on=imposed)
            if n % 4 == 0:
                lifted = imposed + dt.timedelta(days=20)
                s.emit(sanc.SanctionLifted(**facts, state="lifted", lifted_on=lifted, decree_number=f"800/{n}/2026",
                                           services=["business_license"], executing_agencies=agencies),
                       regency_code, on=lifted)
        elif n == 5:
            s.emit(sanc.ComplianceCaseResolved(**facts, state="resolved", resolved_on=opened + dt.timedelta(days=9)),
                   regency_code, on=opened + dt.timedelta(days=9))


def mixed_stream(today: dt.date, regencies=("6101", "6405"), participants: int = 80, seed: int = 7) -> list[Message]:
    """Every producer's events for some regencies, with a few redeliveries mixed in."""
    s = Stream(today, seed)
    for regency_code in regencies:
        people = _people(s, regency_code, participants)
        aided = _memberships(s, regency_code, people)
        _construction(s, regency_code)
        _aid(s, regency_code, aided)
        _sanctions(s, regency_code)
    redelivered = s.rng.sample(s.messages, max(1, len(s.messages) // 40))
    return s.messages + redelivered


def unique_events(messages: list[Message]) -> int:
    return len({orjson.loads(m.value)["event_id"] for m in messages})


async def produce(bootstrap: str, messages: list[Message], partitions: int = 3) -> None:
    await ensure_topics(bootstrap, [topic_for(p) for p in PRODUCERS], partitions)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5, max_batch_size=256 * 1024)
    await producer.start()
    try:
        chunk = 5000
        for start in range(0, len(messages), chunk):
            futures = [await producer.send(m.topic, key=m.key, value=m.value) for m in messages[start:start + chunk]]
            for future in futures:
                await future
    finally:
        await producer.stop()
