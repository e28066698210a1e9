"""National coverage targets (profiles/national/targets.yaml through the kernel): dated values with
their source, labelled as reported, printed under the regency's own UCJ target in the report's
summary and on the dashboard."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from reporting_samples import pdf_text

from reporting.reports.dashboard_data import build_dashboard_payload
from reporting.reports.pdf import render_pdf
from reporting.reports.tables import summary_items
from reporting.targets import national

RPJMN = ("Target nasional (RPJMN 2020-2024)", "52 % pada 2024 - dilaporkan Bisnis.com, 15 November 2021")
BPJS = ("Target BPJS Ketenagakerjaan (bukan regulasi)", "65 % pada 2026 - dilaporkan Bisnis.com, 15 November 2021")


def test_targets_are_dated_reported_values_with_their_sources():
    assert [(n.label, n.text) for n in national.lines(dt.date(2026, 6, 30))] == [RPJMN, BPJS]
    assert [(n.label, n.text) for n in national.lines(dt.date(2027, 1, 1))] == [RPJMN]  # BPJS' target ended
    assert national.lines(dt.date(2019, 12, 31)) == ()
    rpjmn, bpjs = national.in_force(dt.date(2026, 6, 30))
    assert (rpjmn.kind, rpjmn.basis, rpjmn.citation, rpjmn.value_percent) == ("national_plan", "reported",
                                                                             "Perpres 18/2020", 52)
    assert (bpjs.kind, bpjs.citation, bpjs.workers) == ("institution_target", None, 70_000_000)
    assert all(url.startswith("https://finansial.bisnis") for t in (rpjmn, bpjs) for url in t.source_urls)


def test_the_report_summary_and_the_dashboard_show_them_beside_the_regencys_target(sample_data, sample_meta):
    data = replace(sample_data, national_targets=national.lines(dt.date(2026, 3, 31)))
    items = [(label, value) for label, value, _kind in summary_items(data, sample_meta)]
    at = items.index(next(i for i in items if i[0] == "Target UCJ"))
    assert items[at + 2:at + 4] == [RPJMN, BPJS]
    lines = pdf_text(render_pdf(data, sample_meta, compress=False)).splitlines()
    assert RPJMN[0] in lines and RPJMN[1] in lines
    payload = build_dashboard_payload(data, [])
    assert [(n["label"], n["text"]) for n in payload["national_targets"]] == [RPJMN, BPJS]
    assert "national_targets" not in payload["summary"]
