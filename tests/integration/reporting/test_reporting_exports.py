"""Periodic reports: the calendar, BPJS's monthly recap (recorded, flagged when late), and the
XLSX/PDF exports, whose numbers are checked against the read model."""
from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from reporting.periodic.domain import period_key
from reporting.reports import period_containing
from reporting.reports.formatting import number
from tests.documents_support import evaluated
from tests.integration.conftest import CLIENT_KEYS
from tests.integration.reporting.helpers import feed
from tests.unit.reporting.reporting_samples import pdf_text

BERAU = "6405"


def months_ago(today: dt.date, n: int) -> dt.date:
    month = today.year * 12 + today.month - 1 - n
    return dt.date(month // 12, month % 12 + 1, 1)


def recap_due(month: dt.date) -> dt.date:
    """Berau Pasal 22: by the 15th of the following month (the profile says so)."""
    return months_ago(month, -1).replace(day=15)


def sheet_values(workbook, name: str) -> dict[str, object]:
    """First column -> second column of a sheet (labels to values)."""
    return {row[0]: row[1] for row in workbook[name].iter_rows(values_only=True) if row and row[0] is not None}


def table(workbook, name: str, header_first: str) -> list[tuple]:
    rows = list(workbook[name].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r and r[0] == header_first)
    body = []
    for row in rows[start + 1:]:
        if not row or row[0] is None:
            break
        body.append(row)
    return body


async def test_bpjs_recap_is_recorded_and_flagged_when_late(clean, api):
    reporting, viewer = await api("reporting"), await api("reporting", key=CLIENT_KEYS["viewer-6101"])
    today = dt.date.today()
    on_time, late, missing = months_ago(today, 4), months_ago(today, 3), months_ago(today, 2)
    for month, received in ((on_time, recap_due(on_time)), (late, recap_due(late) + dt.timedelta(days=3))):
        response = await reporting.post("/v1/bpjs-recaps", json={
            "regency_code": BERAU, "period": f"{month:%Y-%m}", "received_on": received.isoformat(),
            "reference": "B/123/2026"})
        assert response.status_code == 201, response.text
    corrected = await reporting.post(
        "/v1/bpjs-recaps",
        json={
            "regency_code": BERAU,
            "period": f"{late:%Y-%m}",
            "received_on": (recap_due(late) + dt.timedelta(days=4)).isoformat(),
        },
    )
    assert corrected.status_code == 200 and corrected.json()["days_late"] == 4

    statuses = {}
    for year in {on_time.year, missing.year}:
        body = (await reporting.get("/v1/bpjs-recaps", params={"regency_code": BERAU, "year": year})).json()
        statuses.update({m["period"]: m for m in body["months"]})
    assert statuses[f"{on_time:%Y-%m}"]["status"] == "on_time" and not statuses[f"{on_time:%Y-%m}"]["late"]
    assert statuses[f"{late:%Y-%m}"]["status"] == "late" and statuses[f"{late:%Y-%m}"]["late"]
    assert statuses[f"{missing:%Y-%m}"]["status"] == "missing_overdue"   # due the 15th of last month
    assert statuses[f"{missing:%Y-%m}"]["citation"] == "Perbup Berau No. 44/2024 Pasal 22"

    future = await reporting.post("/v1/bpjs-recaps", json={
        "regency_code": BERAU, "period": f"{missing:%Y-%m}", "received_on": (today + dt.timedelta(days=1)).isoformat()})
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "received_on"
    extra = await reporting.post("/v1/bpjs-recaps", json={
        "regency_code": BERAU, "period": "2026-01", "received_on": "2026-02-10", "amount": 1})
    assert extra.status_code == 422
    sambas = await reporting.get("/v1/bpjs-recaps", params={"regency_code": "6101"})
    assert sambas.status_code == 404 and sambas.json()["type"].endswith("report-not-required")
    assert (await viewer.get("/v1/bpjs-recaps", params={"regency_code": BERAU})).status_code == 403
    assert (await viewer.post("/v1/bpjs-recaps", json={"regency_code": "6101", "period": "2026-01",
                                                       "received_on": "2026-02-10"})).status_code == 403


async def test_calendar_lists_every_report_owed_with_due_dates(clean, api):
    reporting = await api("reporting")
    body = (await reporting.get("/v1/reports", params={"regency_code": "5304", "year": 2026})).json()
    owed = {(r["report_id"], r["period"]): r for r in body["reports"]}
    assert {"supervision_quarterly", "policy_half_yearly", "implementation_yearly"} == {k[0] for k in owed}
    yearly = owed[("implementation_yearly", "2026")]
    assert (
        yearly["due_date"] == "2027-01-30"
        and yearly["downloads"]["pdf"] == "/v1/reports/implementation_yearly/2026.pdf"
    )
    assert owed[("supervision_quarterly", "2026-Q1")]["due_date"] == "2026-04-30"
    assert (
        await reporting.get("/v1/reports/unknown_report/2026.pdf", params={"regency_code": "5304"})
    ).status_code == 404
    bad = await reporting.get("/v1/reports/supervision_quarterly/2026-13.xlsx", params={"regency_code": "5304"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "period"


async def test_exports_carry_the_read_model_numbers(clean, api, workers):
    await feed(clean, workers)
    reporting = await api("reporting")
    today = dt.date.today()
    key = period_key(period_containing("half_year", today))
    coverage = (await reporting.get("/v1/coverage", params={"regency_code": BERAU, "as_of": today.isoformat()})).json()
    params = {"regency_code": BERAU}

    response = await reporting.get(f"/v1/reports/monitoring_half_yearly/{key}.xlsx", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"].endswith(f'monitoring_half_yearly-{key}.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    summary = sheet_values(workbook, "Ringkasan")
    assert summary["Jumlah peserta"] == coverage["participants"] > 0
    assert summary["Kepesertaan aktif"] == coverage["active_memberships"] > 0
    assert summary["Peserta bantuan iuran"] == coverage["aid_funded"] > 0
    districts = {row[0]: row[2:5] for row in table(workbook, "Per Kecamatan", "Kode")}
    for code, figures in coverage["breakdowns"]["district"].items():
        assert districts["-" if code == "unknown" else code][:2] == (figures["participants"],
                                                                     figures["active_memberships"])
    assert len(districts) == len(coverage["breakdowns"]["district"]) > 1
    names = {row[0]: row[1] for row in table(workbook, "Per Kecamatan", "Kode")}
    assert names["640301"] == "Kecamatan Kelay"  # Kepmendagri 64.03.01 (places.csv), not "Kecamatan 640301"
    by_age = coverage["breakdowns"]["age_band"]
    assert sum(v["participants"] for v in by_age.values()) == coverage["participants"] and "unknown" not in by_age
    villages = table(workbook, "Per Desa", "Kode kecamatan")
    assert any(row[4] == "<5" for row in villages), "small villages are suppressed"
    assert all(not isinstance(row[4], int) or row[4] >= 5 for row in villages)
    spent = clean.sql("reporting", "SELECT sum(paid_amount) FROM rm_aid_invoices WHERE regency_code = %s "
                                   "AND substr(period, 1, 4)::int = %s", (BERAU, today.year))[0][0]
    budgets = table(workbook, "Anggaran", "Sumber dana")
    assert budgets[-1][0] == "Jumlah" and evaluated(workbook["Anggaran"], budgets[-1])[3] == spent > 0
    imposed = clean.sql("reporting", "SELECT count(*) FROM rm_sanction_cases WHERE regency_code = %s "
                                     "AND imposed_on BETWEEN %s AND %s",
                        (BERAU, period_containing("half_year", today).start, today))[0][0]
    assert evaluated(workbook["Sanksi"], table(workbook, "Sanksi", "Pelanggaran")[-1])[2] == imposed

    villages = (await reporting.get("/v1/coverage/villages", params=params)).json()["villages"]
    hidden = [v for v in villages if v["participants"] is None]
    assert hidden and {v["participants_display"] for v in hidden} <= {"<5", "*"}
    assert all(v["participants"] >= 5 for v in villages if v["participants"] is not None)
    named = {v["village_code"]: (v["district_name"], v["village_name"]) for v in villages}
    assert named["6403012001"] == ("Kecamatan Kelay", "Kampung Merabu")  # Berau calls a desa "Kampung"

    pdf = await reporting.get(f"/v1/reports/monitoring_half_yearly/{key}.pdf", params=params)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    lines = pdf_text(pdf.content).splitlines()
    for expected in ("Ringkasan", "Per Desa/Kelurahan", "Anggaran Bantuan Iuran", "<5",
                     "Perbup Berau No. 44/2024 Pasal 30 ayat (2)"):
        assert expected in lines, expected
    assert any("Kampung Merabu" in line for line in lines) and any("Kelay" in line for line in lines)
    assert lines[lines.index("Target nasional (RPJMN 2020-2024)") + 1] == (
        "52 % pada 2024 - dilaporkan Bisnis.com, 15 November 2021")  # national/targets.yaml, as reported
    summary_at = lines.index("Jumlah peserta")
    assert lines[summary_at + 1] == number(coverage["participants"])
    assert lines[lines.index("Kepesertaan aktif") + 1] == number(coverage["active_memberships"])
