"""What the registry records when BPJS's membership sync disagrees with its history; streamed
signature verification; one-source candidate extracts; construction dates."""
import datetime as dt
import hashlib
import io

from registry.domain.bpjs_signature import sign, verify, verify_digest
from registry.domain.candidates import Candidate, parse_candidates
from registry.domain.common import RowError
from registry.domain.construction import date_errors
from registry.domain.memberships import BpjsReport, Membership, reconcile_with_bpjs
from tests.unit.registry.registry_unit_helpers import make_nik, registry_profile

D = dt.date
TODAY = D(2026, 5, 1)
OPEN = Membership("m1", "JKK", D(2026, 1, 1), "aid")


def ids():
    counter = iter(range(100))
    return lambda: f"new{next(counter)}"


def test_active_at_bpjs_with_nothing_open_starts_memberships_paid_as_the_worker_type_pays():
    report = BpjsReport(True, ["jkk", "JKM", "JKK"], D(2026, 2, 1), None)
    outcome = reconcile_with_bpjs(report, existing=[], worker_type="pu", today=TODAY, new_id=ids())
    assert [(m.programme, m.funding, m.start_date) for m in outcome.started] == [("JKK", "employer", D(2026, 2, 1)),
                                                                               ("JKM", "employer", D(2026, 2, 1))]
    assert outcome.closed == []


def test_bpjs_confirming_an_open_membership_changes_nothing():
    outcome = reconcile_with_bpjs(BpjsReport(True, ["JKK"], D(2026, 1, 1), None), existing=[OPEN], worker_type="bpu",
                                  today=TODAY)
    assert (outcome.started, outcome.closed) == ([], [])


def test_inactive_closes_what_was_open_on_the_end_date_as_a_new_version():
    newer = Membership("m2", "JKM", D(2026, 4, 1), "self")
    outcome = reconcile_with_bpjs(BpjsReport(False, ["JKK"], D(2026, 1, 1), D(2026, 3, 1)), existing=[OPEN, newer],
                                  worker_type="bpu", today=TODAY)
    assert [(m.id, m.version, m.end_date, m.end_reason) for m in outcome.closed] == [
        ("m1", 2, D(2026, 3, 1), "bpjs_inactive")]
    assert outcome.effective_date == D(2026, 3, 1)


def test_inactive_without_end_date_closes_today_and_nothing_open_is_nothing():
    closed = reconcile_with_bpjs(BpjsReport(False, [], D(2026, 1, 1), None), existing=[OPEN], worker_type="bpu",
                                 today=TODAY)
    assert closed.closed[0].end_date == TODAY
    already = reconcile_with_bpjs(BpjsReport(False, [], D(2026, 1, 1), None), existing=[OPEN, closed.closed[0]],
                                  worker_type="bpu", today=TODAY)
    assert (already.closed, already.effective_date) == ([], None)


def test_verify_digest_accepts_what_verify_accepts():
    body = b"nik,kpj_number\n"
    headers = sign(key_id="k1", secret=b"s", method="POST", path="/v1/x", body=body, timestamp=1000)
    keys = {"k1": b"s"}
    assert verify(headers, method="POST", path="/v1/x", body=body, keys=keys, now=1000).ok
    digest = hashlib.sha256(body).hexdigest()
    assert verify_digest(headers, method="POST", path="/v1/x", body_sha256=digest, keys=keys, now=1000).ok
    other = hashlib.sha256(body + b"x").hexdigest()
    assert verify_digest(headers, method="POST", path="/v1/x", body_sha256=other, keys=keys,
                         now=1000).reason == "bad_signature"


def test_a_one_source_extract_needs_no_data_source_column():
    nik = make_nik(D(1980, 5, 6), "F", regency="6101")
    rows = f"nik,full_name,data_source\n{nik},Siti,\n{make_nik(D(1980, 5, 7), 'F', regency='6101')},Ani,p3ke\n"
    parsed = list(parse_candidates(io.BytesIO(rows.encode()), registry=registry_profile("6101"), today=TODAY,
                                   data_source="dtks"))
    assert isinstance(parsed[0][1], Candidate) and parsed[0][1].data_source == "dtks"
    assert isinstance(parsed[1][1], RowError) and parsed[1][1].field == "data_source"
    bare = list(parse_candidates(io.BytesIO(f"nik,full_name\n{nik},Siti\n".encode()), registry=registry_profile("6101"),
                                 today=TODAY, data_source="regsosek"))
    assert bare[0][1].data_source == "regsosek"


def test_construction_dates_may_not_lie_in_the_future():
    assert date_errors(D(2026, 1, 5), D(2026, 1, 2), TODAY) == []
    assert [e.field for e in date_errors(D(2026, 6, 1), D(2026, 6, 2), TODAY)] == ["spk_date", "bpjs_registered_on"]
