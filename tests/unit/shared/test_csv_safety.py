"""Issue 10 item 4: CSV formula injection (OWASP) is neutralised in every CSV the system writes."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from shared import csvsafe

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\",\"y\")", "@SUM(1+1)", "+1+2", "-2+3", "\tx", "\rx"])
def test_formula_cells_are_written_as_text(cell):
    out = io.StringIO()
    csvsafe.writer(out).writerows([["ok", cell, -5, 12]])
    [row] = list(csv.reader(io.StringIO(out.getvalue())))
    assert row == ["ok", "'" + cell, "-5", "12"]


def test_plain_cells_are_unchanged():
    out = io.StringIO()
    csvsafe.writer(out).writerow(["Budi", "530401******0001", "", None, 3])
    assert out.getvalue() == "Budi,530401******0001,,,3\r\n"


def test_every_csv_writer_is_the_safe_one():
    """No module writes CSV except through shared.csvsafe (grep for the raw writers)."""
    raw = re.compile(r"csv\.(writer|DictWriter)\(")
    offenders = [str(p.relative_to(ROOT)) for base in ("services", "shared") for p in (ROOT / base).rglob("*.py")
                 if p.name != "csvsafe.py" and raw.search(p.read_text())]
    assert offenders == []


def test_recipient_list_csv_neutralises_names():
    from registry.domain.registry_profile import ExportField
    from registry.recipients.service import RecipientList, as_csv

    class Decree:
        recipients = 1

    rows = [{"participant_id": "p1", "change": "added", "full_name": "=HYPERLINK(\"http://evil\")",
             "missing_fields": []}]
    text = as_csv(RecipientList(Decree(), (ExportField("full_name", "nama", None),), rows, 0))
    assert list(csv.reader(io.StringIO(text)))[1][2] == "'=HYPERLINK(\"http://evil\")"
