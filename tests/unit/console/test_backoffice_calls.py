"""The back office's calls to the services: a refusal made before the service acted (429, 503 while it
cannot fetch the issuer's keys) is tried again, so the service's real answer (here the registry's 422
naming `nib`) reaches the field; a POST without an Idempotency-Key that timed out is never repeated."""
from __future__ import annotations

import uuid

import httpx
import pytest

from console.backoffice import api, formats, guard, home
from console.backoffice.session import Staff

NIB_REFUSED = {"type": "https://lindung.example/problems/validation-error", "status": 422,
               "detail": "Request has invalid fields",
               "errors": [{"field": "nib", "message": "NIB harus 13 angka / NIB must be 13 digits"}]}


class Person:
    id, name, roles, regencies = uuid.uuid4(), "Rina", ["petugas"], ["6207"]


STAFF = Staff(Person(), "token", "csrf")


@pytest.fixture
def service(monkeypatch):
    """A fake service answering from a script; `seen` counts the requests it got."""
    script: list = []
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        step = script.pop(0)
        if isinstance(step, Exception):
            raise step
        return step

    real = httpx.AsyncClient
    monkeypatch.setattr(api.httpx, "AsyncClient",
                        lambda **kw: real(transport=httpx.MockTransport(answer), **kw))
    monkeypatch.setattr(api, "MAX_WAIT_SECONDS", 0.01, raising=False)
    return script, seen


async def test_a_refusal_before_acting_is_tried_again_and_the_field_error_shown(service):
    script, seen = service
    script += [httpx.Response(503, json={"status": 503, "detail": "Cannot fetch the identity provider's keys"}),
               httpx.Response(429, headers={"Retry-After": "1"}, json={"status": 429, "detail": "slow down"}),
               httpx.Response(422, json=NIB_REFUSED)]
    answer = await api.call("http://registry", STAFF, "POST", "/v1/employers", json={"nib": "12"},
                            idempotency_key="k1")
    assert len(seen) == 3 and answer.status == 422
    assert answer.fields == {"nib": "NIB harus 13 angka"}
    assert seen[-1].headers["Idempotency-Key"] == "k1" and seen[-1].headers["Accept-Language"] == "id"


async def test_a_post_without_idempotency_key_that_timed_out_is_not_repeated(service):
    script, seen = service
    script += [httpx.ReadTimeout("slow"), httpx.Response(201, json={"id": "x"})]
    answer = await api.call("http://sanctions", STAFF, "POST", "/v1/cases", json={})
    assert len(seen) == 1 and answer.status == 503 and answer.message == api.UNREACHABLE


async def test_a_get_that_timed_out_is_repeated(service):
    script, seen = service
    script += [httpx.ReadTimeout("slow"), httpx.Response(200, json={"items": [], "next_cursor": None})]
    answer = await api.call("http://sanctions", STAFF, "GET", "/v1/cases")
    assert len(seen) == 2 and answer.ok


async def test_an_unreachable_service_gives_up_after_a_few_tries(service):
    script, seen = service
    script += [httpx.ConnectError("refused")] * api.ATTEMPTS
    answer = await api.call("http://reporting", STAFF, "GET", "/v1/coverage")
    assert len(seen) == api.ATTEMPTS and answer.message == api.UNREACHABLE


def test_home_blocks_follow_the_scopes():
    import datetime as dt
    pimpinan = home.blocks_for({"registry:read", "aid:read", "sanctions:read", "reporting:read"}, "6207",
                               dt.date(2026, 12, 7))
    assert "imports_failed" not in pimpinan and "reverification" not in pimpinan
    assert pimpinan["cases_due"].params["due_before"] == "2026-12-08"
    assert set(home.blocks_for({"clearance:read"}, "6207", dt.date(2026, 12, 7))) == set()
    petugas = home.blocks_for({"registry:read", "registry:write"}, "6207", dt.date(2026, 12, 7), "person:p-1")
    assert petugas["complaints_mine"].params["assignee"] == "person:p-1"
    assert petugas["complaints_overdue"].params["overdue"] == "true"
    assert "complaints_mine" not in pimpinan and "complaints_overdue" in pimpinan


def test_home_digest_keeps_only_open_work():
    import datetime as dt
    work = {"projects_late": api.Answer(200, {"items": [{"id": 1, "bpjs_registered_on": None},
                                                        {"id": 2, "bpjs_registered_on": "2026-11-30"}]}),
            "invoices": api.Answer(200, {"items": [
                {"id": "a", "matched": 3, "line_count": 3, "matched_total": 10, "billed_total": 10},
                {"id": "b", "matched": 2, "line_count": 3, "matched_total": 10, "billed_total": 15}]}),
            "reverification": api.Answer(200, {"schemes": [
                {"name": "Pekerja rentan", "reverification": [{"citation": "Pasal 20(1) huruf a"}]}, {"name": "x"}]})}
    view = home.digest(work, dt.date(2026, 11, 7))
    assert [p["id"] for p in view["projects_late"]] == [1]
    assert [i["id"] for i in view["invoices"]] == ["b"]
    assert view["reverification"] == [{"scheme": "Pekerja rentan", "due": dt.date(2026, 12, 31),
                                       "citations": ["Pasal 20(1) huruf a"]}]
    assert home.digest(work, dt.date(2026, 2, 1))["reverification"][0]["due"] == dt.date(2026, 3, 31)


def test_percent_in_indonesian():
    assert formats.persen(0.7512) == "75,1 %" and formats.persen(None) == "-"


def test_the_case_timeline_is_in_date_order_and_next_steps_leave_repeats_out():
    from console.backoffice import ladder
    case = {"evidence": [{"date": "2026-10-01", "kind": "system_finding"},
                         {"date": "2026-10-08", "kind": "warning_issued"}],
            "steps": [{"started_on": "2026-10-08", "name": "warning"}],
            "decisions": [{"on": "2026-10-01", "action": "open"}]}
    assert [(t["on"], t["kind"]) for t in ladder.timeline(case)] == [
        ("2026-10-01", "decision"), ("2026-10-01", "evidence"), ("2026-10-08", "evidence"), ("2026-10-08", "step")]
    flow = [{"from": "warned", "to": "warned", "by": "warning_issued"},
            {"from": "warned", "to": "fined", "by": "fine_imposed"},
            {"from": "open", "to": "warned", "by": "warning_issued"}]
    assert [t["by"] for t in ladder.next_steps(flow, "warned")] == ["fine_imposed"]


@pytest.mark.parametrize(("service", "owner", "to"), [("contribution_aid", "http://contribution_aid", "/"),
                                                      ("", "http://sanctions", "/kasus/c1"),
                                                      ("registry", "http://sanctions", "/kasus/c1")])
def test_a_proposal_is_decided_on_the_service_that_owns_it(monkeypatch, service, owner, to):
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    sent = []

    async def staff(_request):
        return STAFF

    async def fake_call(base_url, _staff, method, path, **kw):
        sent.append((base_url, method, path, kw["json"]))
        return api.Answer(200, {"payload": {"case_id": "c1"} if base_url == "http://sanctions" else {}})

    monkeypatch.setattr(guard, "staff_of", staff)  # the page's dependencies: signed in, form token checked
    monkeypatch.setattr(guard, "csrf_ok", lambda _request, sent_token: sent_token == "csrf")
    monkeypatch.setattr(home, "service_url", lambda _request, name: f"http://{name}")
    monkeypatch.setattr(home, "call", fake_call)
    app = FastAPI()
    app.include_router(home.router)
    approval = uuid.uuid4()
    answer = TestClient(app).post(f"/persetujuan/{approval}", follow_redirects=False,
                                  data={"csrf": "csrf", "service": service, "decision": "approve"})
    assert answer.status_code == 303 and answer.headers["location"] == to
    assert sent == [(owner, "POST", f"/v1/approvals/{approval}/decisions", {"decision": "approve", "note": None})]


def test_a_page_without_a_session_leads_to_the_login_and_a_stale_form_does_nothing(monkeypatch):
    from fastapi import FastAPI
    from fastapi.responses import HTMLResponse
    from fastapi.testclient import TestClient

    async def nobody(_request):
        return None

    async def somebody(_request):
        return STAFF

    acted = []

    async def fake_call(*args, **kw):
        acted.append(args)
        return api.Answer(200, {})

    monkeypatch.setattr(home, "call", fake_call)
    app = FastAPI()
    app.include_router(home.router)
    client = TestClient(app)
    monkeypatch.setattr(guard, "staff_of", nobody)
    answer = client.post(f"/persetujuan/{uuid.uuid4()}", data={"csrf": "x", "decision": "approve"},
                         follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/masuk"
    monkeypatch.setattr(guard, "staff_of", somebody)
    monkeypatch.setattr(guard, "csrf_ok", lambda _request, _token: False)
    monkeypatch.setattr("console.backoffice.views.render",
                        lambda template, staff, status=200, **kw: HTMLResponse(template, status_code=status))
    answer = client.post(f"/persetujuan/{uuid.uuid4()}", data={"csrf": "x", "decision": "approve"},
                         follow_redirects=False)
    assert answer.status_code == 400 and answer.text == "message.html" and acted == []
