import datetime as dt
import itertools

from registry.domain.memberships import (
    Membership,
    MembershipRequest,
    ProgrammesRun,
    TerminationRequest,
    active_memberships,
    start_memberships,
    terminate,
)
from shared.regulation import Citation
from tests.unit.registry.registry_unit_helpers import registry_profile

AS_OF = dt.date(2026, 3, 2)
ALL_FIVE = ProgrammesRun(frozenset({"JKK", "JKM", "JHT", "JP", "JKP"}), Citation("Perbup TTS No. 20/2025", "3", "1"))
LAMANDAU = ProgrammesRun(frozenset({"JKK", "JKM", "JHT", "JP"}), Citation("Perbup Lamandau No. 25/2024", "4", "1"))


def ids():
    counter = itertools.count(1)
    return lambda: f"m{next(counter)}"


def start(programs, *, funding="aid", worker_type="bpu", code="5304", run=ALL_FIVE, existing=(), start_date=AS_OF,
          birth_date=None):
    return start_memberships(MembershipRequest(programs, start_date, funding), worker_type=worker_type,
                             existing=list(existing), programmes_run=run, registry=registry_profile(code),
                             as_of=AS_OF, birth_date=birth_date, new_id=ids())


def test_start_creates_one_record_per_programme_with_citations():
    decision = start(["jkk", "JKM"])
    assert decision.errors == []
    assert [(m.id, m.programme, m.start_date, m.funding, m.end_date) for m in decision.started] == [
        ("m1", "JKK", AS_OF, "aid", None), ("m2", "JKM", AS_OF, "aid", None)]
    assert "Perbup TTS No. 20/2025 Pasal 14 ayat (1)" in [str(c) for c in decision.citations]


def test_lamandau_runs_no_jkp():
    decision = start(["JKK", "JKM", "JKP"], code="6207", run=LAMANDAU, funding="employer", worker_type="pu")
    assert decision.started == []
    assert [e.field for e in decision.errors] == ["programs"]
    assert "JKP" in decision.errors[0].message and "Pasal 4 ayat (1)" in decision.errors[0].message
    assert start(["JKK", "JKM", "JHT", "JP"], code="6207", run=LAMANDAU, funding="employer",
                 worker_type="pu").errors == []


def test_programme_list_must_be_known_non_empty_and_without_repeats():
    assert [e.field for e in start([]).errors] == ["programs"]
    assert "XYZ" in start(["JKK", "XYZ"]).errors[0].message
    assert [e.field for e in start(["JKK", "jkk"]).errors] == ["programs"]


def test_funding_must_exist_and_fit_the_worker_type():
    assert [e.field for e in start(["JKK"], funding="lottery").errors] == ["funding"]
    assert [e.field for e in start(["JKK"], funding="self", worker_type="pu").errors] == ["funding"]
    assert [e.field for e in start(["JKK"], funding="aid", worker_type="pu").errors] == ["funding"]
    # Berau Pasal 14 facilitates wage earners too (non-ASN regency workers, Linmas, election organisers)
    assert start(["JKK", "JKM"], funding="aid", worker_type="pu", code="6405").errors == []


def test_start_date_bounds():
    assert [e.field for e in start(["JKK"], start_date=dt.date(1980, 1, 1), birth_date=dt.date(1985, 1, 1)).errors] == [
        "start_date"
    ]
    assert [e.field for e in start(["JKK"], start_date=AS_OF + dt.timedelta(days=367)).errors] == ["start_date"]
    assert start(["JKK"], start_date=AS_OF + dt.timedelta(days=366)).errors == []


def test_a_programme_still_open_cannot_start_again_but_a_closed_one_can():
    open_jkk = Membership("a", "JKK", dt.date(2025, 1, 1), "aid")
    assert [e.field for e in start(["JKK"], existing=[open_jkk]).errors] == ["programs"]
    closed = Membership(
        "a", "JKK", dt.date(2025, 1, 1), "aid", end_date=dt.date(2026, 1, 1), end_reason="moved_out", version=2
    )
    assert start(["JKK"], existing=[open_jkk, closed]).errors == []
    ends_later = Membership("b", "JKM", dt.date(2025, 1, 1), "aid", end_date=dt.date(2026, 6, 1))
    assert start(["JKM"], existing=[ends_later]).errors != []


def history():
    return [
        Membership("a", "JKK", dt.date(2025, 1, 1), "aid"),
        Membership("b", "JKM", dt.date(2025, 1, 1), "aid"),
        Membership(
            "c",
            "JHT",
            dt.date(2024, 1, 1),
            "self",
            end_date=dt.date(2024, 6, 1),
            end_reason="voluntary_withdrawal",
            version=2,
        ),
        Membership("d", "JP", dt.date(2026, 6, 1), "self"),
    ]


def test_termination_closes_open_memberships_from_the_effective_date_as_new_versions():
    existing = history()
    decision = terminate(TerminationRequest("deceased", dt.date(2026, 2, 10), "KEP/20/2026"), existing=existing,
                         registry=registry_profile("5304"))
    assert decision.errors == []
    assert [(m.id, m.version, m.end_date, m.end_reason, m.decree_number) for m in decision.closed] == [
        ("a", 2, dt.date(2026, 2, 10), "deceased", "KEP/20/2026"),
        ("b", 2, dt.date(2026, 2, 10), "deceased", "KEP/20/2026"),
        ("d", 2, dt.date(2026, 6, 1), "deceased", "KEP/20/2026"),  # had not started: closed at its start
    ]
    assert existing == history()  # nothing overwritten
    assert [str(c) for c in decision.citations] == ["Perbup TTS No. 20/2025 Pasal 20 ayat (1) huruf c",
                                                    "Perbup TTS No. 20/2025 Pasal 20 ayat (2)",
                                                    "Perbup TTS No. 20/2025 Pasal 20 ayat (4)"]
    assert decision.notify == ("participant", "village")
    assert [m.id for m in active_memberships(existing + decision.closed, dt.date(2026, 2, 10))] == []
    assert [m.id for m in active_memberships(existing + decision.closed, dt.date(2026, 2, 9))] == ["a", "b"]


def test_termination_reason_must_be_the_regencys():
    decision = terminate(
        TerminationRequest("bored", AS_OF, "K/1"), existing=history(), registry=registry_profile("5304")
    )
    assert [e.field for e in decision.errors] == ["reason"] and decision.closed == []


def test_aid_funded_termination_needs_a_decree_number():
    decision = terminate(
        TerminationRequest("moved_out", AS_OF, None), existing=history(), registry=registry_profile("6101")
    )
    assert [e.field for e in decision.errors] == ["decree_number"]
    assert "Pasal 23 ayat (7)" in decision.errors[0].message
    self_funded = [Membership("s", "JKK", dt.date(2025, 1, 1), "self")]
    assert terminate(TerminationRequest("voluntary_withdrawal", AS_OF), existing=self_funded,
                     registry=registry_profile("6101")).errors == []


def test_nothing_to_close_is_an_error():
    closed_only = [history()[2]]
    decision = terminate(
        TerminationRequest("deceased", AS_OF, "K/1"), existing=closed_only, registry=registry_profile("5304")
    )
    assert [e.field for e in decision.errors] == ["effective_date"]


def test_reasons_cite_each_regency_and_a_reason_without_article_has_no_citation():
    decision = terminate(
        TerminationRequest("deceased", AS_OF, "K/2"), existing=history(), registry=registry_profile("6207")
    )
    assert str(decision.reason.citation) == "Perbup Lamandau No. 25/2024 Pasal 27 ayat (2) huruf f"
    assert decision.notify == ()
    berau = terminate(
        TerminationRequest("voluntary_withdrawal", AS_OF, "K/3"), existing=history(), registry=registry_profile("6405")
    )
    assert berau.errors == [] and berau.reason.citation is None and berau.reason.note


def test_a_self_funded_membership_ends_without_the_aid_list_procedure():
    self_funded = [Membership("s", "JKK", dt.date(2025, 1, 1), "self")]
    decision = terminate(TerminationRequest("voluntary_withdrawal", AS_OF), existing=self_funded,
                         registry=registry_profile("5304"))
    assert decision.errors == [] and decision.notify == ()
    assert [str(c) for c in decision.citations] == ["Perbup TTS No. 20/2025 Pasal 20 ayat (1) huruf g"]


def test_programmes_run_come_from_each_regencys_programs_yaml():
    from registry.domain.registry_profile import load_programmes_run
    lamandau = load_programmes_run("6207", AS_OF)
    assert lamandau.codes == {"JKK", "JKM", "JHT", "JP"}
    assert str(lamandau.citation) == "Perbup Lamandau No. 25/2024 Pasal 4 ayat (1)"
    assert load_programmes_run("5304", AS_OF).codes == {"JKK", "JKM", "JHT", "JP", "JKP"}
    assert load_programmes_run("5304", dt.date(2025, 10, 28)) is None  # before the Perbup was in force
    decision = start(["JKP"], code="6207", run=lamandau, funding="employer", worker_type="pu")
    assert "Perbup Lamandau No. 25/2024 Pasal 4 ayat (1)" in decision.errors[0].message
