"""Which DCI searches the registry answers and what an answer may say (registry/domain/dci.py)."""
import datetime as dt

from registry.domain.dci import Enrolment, read_item, record
from shared.dci.envelope import SearchRequest
from tests.factories import make_nik

NIK = make_nik("6207", serial=4321)


def request(**criteria) -> SearchRequest:
    base = {"query_type": "idtype-value", "query": {"type": "UIN", "value": NIK},
            "authorize": {"purpose": "cek pendanaan ganda"}}
    return SearchRequest.model_validate({"reference_id": "r1", "timestamp": "2026-12-07T07:00:00Z",
                                         "search_criteria": {**base, **criteria}})


def test_a_nik_search_with_purpose_is_answered_and_its_consent_kept():
    item = read_item(request(consent={"id": "c-9"}))
    assert (item.nik, item.purpose, item.consent, item.refusal) == (NIK, "cek pendanaan ganda", "c-9", None)
    assert read_item(request(authorize=None, consent={"purpose": {"text": "audit"}})).purpose == "audit"


def test_other_query_types_ids_or_no_purpose_are_refused():
    assert read_item(request(query_type="expression")).refusal
    assert read_item(request(query={"type": "BRN", "value": NIK})).refusal
    assert read_item(request(query={"type": "NIK", "value": "123"})).refusal
    assert read_item(request(authorize={})).refusal


def test_the_record_says_only_enrolled_programme_regency_and_since():
    assert record([]) == {"enrolled": False}
    rec = record([Enrolment("6207", dt.date(2026, 2, 1), ("JKM", "JKK"), "vulnerable_worker_aid"),
                  Enrolment("6101", dt.date(2025, 7, 1), ("JKK",), None)])
    assert (rec["enrolled"], rec["regency_code"], rec["since"], rec["programme"], rec["programs"]) == (
        True, "6101", "2025-07-01", "contribution_aid", ["JKK", "JKM"])
    assert NIK not in str(rec)
