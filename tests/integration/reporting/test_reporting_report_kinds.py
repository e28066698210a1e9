"""Each report kind holds the sections its article asks for, and its figures agree with each other
and with the coverage API: the supervision report (TTS Pasal 26(1)) lists the employers supervised,
the finding and its follow-up; a person protected by BPJS before the registry's registration
arrived counts as a participant (never "Jumlah peserta 0" beside "Kepesertaan aktif 6"); Berau's
monitoring report tracks BPJS's monthly recaps (Pasal 22)."""
from __future__ import annotations

import datetime as dt
import io
import re
import uuid

from openpyxl import load_workbook

from reporting.periodic.domain import period_key
from reporting.reports import period_containing
from shared.events import registry as reg
from shared.events import sanctions as sanc
from tests.documents_support import pdftotext, save_png
from tests.integration.conftest import eventually
from tests.integration.reporting.helpers import applied_events
from tests.integration.reporting.stream import Stream, produce, unique_events
from tests.unit.reporting.reporting_samples import pdf_text

TTS, BERAU = "5304", "6405"


def previous(frequency: str, today: dt.date):
    return period_containing(frequency, period_containing(frequency, today).start - dt.timedelta(days=1))


def _stream(today: dt.date, quarter) -> tuple[Stream, dict]:
    """Six people BPJS protected from the quarter's start, registered in the registry only today;
    two employers supervised in the quarter (one sanctioned), one case opened after it."""
    s = Stream(today, seed=3)
    for _ in range(6):
        pid = uuid.uuid4()
        s.emit(reg.ParticipantRegistered(participant_id=pid, worker_type="bpu", category="vulnerable_worker",
                                         sex="F", birth_year=1985, district_code="530401",
                                         village_code="5304012001", registered_on=today), TTS)
        s.emit(reg.MembershipStarted(participant_id=pid, membership_id=uuid.uuid4(), programs=["JKK", "JKM"],
                                     start_date=quarter.start, funding="self"), TTS)
    named, unnamed = uuid.uuid4(), uuid.uuid4()
    s.emit(reg.EmployerRegistered(employer_id=named, nib="9120001234567", name="PT Sumber Air Mnela", kind="non_state",
                                  business_scale="small", sector="perdagangan"), TTS)
    s.emit(reg.EmployerRegistered(employer_id=unnamed, nib="9120007654321", kind="non_state",
                                  business_scale="micro", sector="jasa"), TTS)
    cases = {}
    findings = ((named, quarter.start + dt.timedelta(days=5), "inspector_recommendation"),
                (unnamed, quarter.start + dt.timedelta(days=20), "bpjs_request"),
                (unnamed, quarter.end + dt.timedelta(days=2), "bpjs_request"))
    for n, (employer, opened, source) in enumerate(findings):
        facts = {"case_id": uuid.uuid4(), "case_number": f"{TTS}/{n}/X", "subject_kind": "employer",
                 "subject_id": str(employer), "employer_id": employer, "violation": "employer_not_registered"}
        s.emit(sanc.CaseOpened(**facts, state="open", source=source, opened_on=opened), TTS)
        cases[n] = facts
    imposed = quarter.start + dt.timedelta(days=40)
    s.emit(sanc.SanctionImposed(**cases[0], state="imposed", decree_number="800/1/X", imposed_on=imposed,
                                services=["business_license"], executing_agencies={
                                    "business_license": sanc.ExecutingAgency(id="dpmptsp", name="DPMPTSP")},
                                citations=["Pasal 29"]), TTS)
    return s, {"imposed": imposed}


async def test_the_supervision_report_has_its_own_sections_and_figures_that_agree(clean, api, workers):
    today = dt.date.today()
    quarter = previous("quarter", today)
    stream, facts = _stream(today, quarter)
    await produce(clean.broker.bootstrap, stream.messages)
    await workers("reporting")
    await eventually(lambda: applied_events(clean) >= unique_events(stream.messages), timeout=60, interval=0.2)
    reporting = await api("reporting")
    coverage = (await reporting.get("/v1/coverage", params={"regency_code": TTS,
                                                           "as_of": quarter.end.isoformat()})).json()
    assert coverage["participants"] == coverage["active_memberships"] == 6  # protected before registered

    key = period_key(quarter)
    params = {"regency_code": TTS}
    book = load_workbook(io.BytesIO((await reporting.get(f"/v1/reports/supervision_quarterly/{key}.xlsx",
                                                         params=params)).content))
    assert book.sheetnames == ["Ringkasan", "Hasil Pengawasan", "Sanksi", "Jasa Konstruksi"]
    summary = {r[0]: r[1] for r in book["Ringkasan"].iter_rows(values_only=True) if r and r[0]}
    assert (summary["Jumlah peserta"], summary["Kepesertaan aktif"]) == (coverage["participants"],
                                                                         coverage["active_memberships"])
    supervised = [r for r in book["Hasil Pengawasan"].iter_rows(values_only=True) if r and r[0] and "NIB" in r[0]]
    assert [(r[0], r[2], r[4]) for r in supervised] == [
        ("PT Sumber Air Mnela (NIB 9120001234567)", "rekomendasi pengawas ketenagakerjaan", "sanksi TMP2T dijatuhkan"),
        ("NIB 9120007654321", "permintaan BPJS Ketenagakerjaan", "dalam pemeriksaan")]  # the later case is not in Q

    pdf = await reporting.get(f"/v1/reports/supervision_quarterly/{key}.pdf", params=params)
    save_png(pdf.content, "report-5304-supervision-findings", 1)
    text = pdftotext(pdf.content)
    lines = pdf_text(pdf.content).splitlines()
    assert lines[lines.index("Jumlah peserta") + 1] == "6" and lines[lines.index("Kepesertaan aktif") + 1] == "6"
    assert "Hasil Pengawasan: Pemberi Kerja, Temuan dan Tindak Lanjut" in text
    for word in ("Mnela", "9120001234567", "9120007654321", "TMP2T", "dijatuhkan", "pemeriksaan"):  # wrapped cells
        assert word in text, word
    assert "Per Desa/Kelurahan" not in text and "Anggaran Bantuan Iuran" not in text  # not this report's sections

    board = (await reporting.get("/v1/dashboard/data", params={**params, "period": key})).json()
    assert board["period"]["label"] == quarter.label and board["summary"]["participants"] == 6
    before = previous("quarter", quarter.start)
    assert (board["previous"]["period"], board["previous"]["summary"]["active_memberships"]) == (period_key(before), 0)
    assert {"period": key, "label": quarter.label} in board["periods"]
    for bad in ("2026-Q9", f"{today.year + 1}"):
        assert (await reporting.get("/v1/dashboard/data", params={**params, "period": bad})).status_code == 422


async def test_berau_monitoring_report_tracks_bpjs_recaps(clean, api):
    reporting = await api("reporting")
    half = previous("half_year", dt.date.today())
    first = f"{half.start:%Y-%m}"
    received = (half.start + dt.timedelta(days=40)).isoformat()  # the 10th of the following month: on time
    assert (await reporting.post("/v1/bpjs-recaps", json={"regency_code": BERAU, "period": first,
                                                          "received_on": received, "reference": "B/1/X"})
            ).status_code == 201
    book = load_workbook(io.BytesIO((await reporting.get(
        f"/v1/reports/monitoring_half_yearly/{period_key(half)}.xlsx", params={"regency_code": BERAU})).content))
    assert "Rekap Bulanan BPJS" in book.sheetnames and "Hasil Pengawasan" in book.sheetnames
    months = [r for r in book["Rekap Bulanan BPJS"].iter_rows(values_only=True) if r and r[3] in (
        "tepat waktu", "terlambat", "belum diterima, lewat tenggat")]
    assert len(months) == 6 and months[0][3] == "tepat waktu" and months[0][5] == "B/1/X"
    assert {m[3] for m in months[1:]} == {"belum diterima, lewat tenggat"}


async def test_the_dashboard_names_late_recaps_overdue_reports_and_issued_ones(clean, api):
    reporting = await api("reporting")
    year = dt.date.today().year - 1
    owed = [e for e in (await reporting.get("/v1/reports", params={"regency_code": BERAU, "year": year})
                        ).json()["reports"] if e["status"] == "past_due"]
    assert owed
    board = (await reporting.get("/v1/dashboard/data", params={"regency_code": BERAU})).json()["obligations"]
    assert len(board["late_recaps"]) >= 12 and board["late_recaps"][0]["period"] == f"{year}-01"
    assert {(r["title"], r["period_label"]) for r in board["overdue_reports"]} >= {
        (e["title"], e["period_label"]) for e in owed}
    issued = await reporting.get(owed[0]["downloads"]["pdf"], params={"regency_code": BERAU})
    number = re.search(r"Nomor (\S+) - kode verifikasi", pdftotext(issued.content)).group(1)
    board = (await reporting.get("/v1/dashboard/data", params={"regency_code": BERAU})).json()["obligations"]
    assert (owed[0]["title"], owed[0]["period_label"]) not in {(r["title"], r["period_label"])
                                                               for r in board["overdue_reports"]}
    row = next(d for d in board["downloads"] if d["period_label"] == owed[0]["period_label"])
    assert row["status_label"] == f"diterbitkan, nomor {number}"
    assert row["pdf"] == f"{owed[0]['downloads']['pdf']}?regency_code={BERAU}"
