"""The one streaming reader of bulk uploads (shared/jobs/reader.py): the same records and the
same row numbers from CSV (`,` `;` or tab), NDJSON and a JSON array; blank lines are not rows."""
import io
import json

import pytest

from shared.jobs.reader import RowProblem, format_of, read_records

RECORDS = [{"nik": "6101015506800001", "amount": "16800"}, {"nik": "6101015506800002", "amount": "16800"},
           {"nik": "6101015506800003", "amount": "1"}]


def as_csv(delimiter: str) -> bytes:
    lines = [delimiter.join(RECORDS[0])] + [delimiter.join(r.values()) for r in RECORDS]
    return ("\ufeff" + lines[0] + "\r\n" + lines[1] + "\r\n\r\n" + "\r\n".join(lines[2:]) + "\r\n").encode()


@pytest.mark.parametrize("data", [as_csv(","), as_csv(";"), as_csv("\t"),
                                  ("\n".join(json.dumps(r) for r in RECORDS[:1]) + "\n\n" +
                                   "\n".join(json.dumps(r) for r in RECORDS[1:]) + "\n").encode(),
                                  json.dumps(RECORDS, indent=2).encode()])
def test_every_format_gives_the_same_numbered_records(data):
    assert list(read_records(io.BytesIO(data))) == list(enumerate(RECORDS, start=1))


def test_a_bad_row_keeps_its_number_in_every_format():
    ndjson = b'{"a": 1}\n\n[2]\n{"a": 3}\n'
    array = b'[{"a": 1}, [2], {"a": 3}]'
    csv = b"a\n1\n\n2,2\n3\n"
    for data in (ndjson, array, csv):
        out = list(read_records(io.BytesIO(data)))
        assert [n for n, _ in out] == [1, 2, 3] and isinstance(out[1][1], RowProblem) and not out[1][1].fatal


def test_declared_formats():
    assert format_of("text/csv; charset=utf-8") == "csv" and format_of("application/x-ndjson") == "ndjson"
    assert format_of("application/json") is None  # sniffed: an array or NDJSON
