"""docs/API.md §13 on contribution-aid: budgets and allocations page by cursor, filters are
validated, a regency-bound client never sees another regency's allocations, CSV export."""
from __future__ import annotations

from tests.integration.aid.conftest import allocate, new_budget
from tests.integration.conftest import CLIENT_KEYS


async def test_allocations_page_by_cursor_and_export(clean, aid, aid_events):
    budget = await new_budget(aid, amount=100_000_000)
    people = await aid_events.participants(5)
    made = [(await allocate(aid, budget["id"], p, months=1)).json()["id"] for p in people]
    seen, cursor = [], None
    while True:
        params = {"regency_code": "6101", "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await aid.get("/v1/allocations", params=params)).json()
        seen += [a["id"] for a in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == made and page["total"] == 5
    export = await aid.get("/v1/allocations", params={"budget_id": budget["id"], "format": "csv"})
    assert export.text.lstrip("\ufeff").startswith("ID alokasi,ID anggaran,ID peserta")
    assert len(export.text.strip().splitlines()) == 6


async def test_budget_filters_and_regency_boundaries(clean, api, aid, aid_events):
    await new_budget(aid, "6101")
    other = await new_budget(aid, "6405", funding_source="apbd")
    person = await aid_events.participant("6405")
    assert (await allocate(aid, other["id"], person, months=1)).status_code == 201
    wrong = await aid.get("/v1/budgets", params={"regency_code": "6101", "funding_source": "lottery"})
    assert wrong.status_code == 422 and "apbd" in wrong.json()["errors"][0]["message"]
    assert (await aid.get("/v1/budgets", params={"regency_code": "6101", "year": 2026})).status_code == 422
    viewer = await api("contribution-aid", key=CLIENT_KEYS["viewer-6101"])
    assert (await viewer.get("/v1/allocations", params={"regency_code": "6405"})).status_code == 403
    by_person = (await viewer.get("/v1/allocations", params={"participant_id": str(person)})).json()
    assert by_person["items"] == []  # 6405's allocation stays out of a 6101 client's list
    budgets = (await viewer.get("/v1/budgets", params={"regency_code": "6101"})).json()
    assert [b["regency_code"] for b in budgets["items"]] == ["6101"]


async def test_invoices_are_listed_and_discrepancies_export_as_csv(clean, aid, aid_events):
    from tests.integration.aid.test_aid_invoices import clean_lines, funded_population, invoice
    budget, people = await funded_population(aid, aid_events)
    lines = clean_lines(people)
    lines[0]["amount"] = 17_000
    created = await aid.post("/v1/invoices", json=invoice(budget, lines))
    assert created.status_code == 201, created.text
    listed = (await aid.get("/v1/invoices", params={"regency_code": "6101", "period": "2026-03"})).json()
    assert [i["id"] for i in listed["items"]] == [created.json()["id"]]
    assert (await aid.get("/v1/invoices", params={"regency_code": "6101", "status": "lost"})).status_code == 422
    export = await aid.get(f"/v1/invoices/{created.json()['id']}/discrepancies.csv")
    assert export.status_code == 200
    rows = export.text.lstrip("\ufeff").strip().splitlines()
    assert rows[0].startswith("Baris,Jenis selisih,ID peserta") and "amount_mismatch" in rows[1]
