import datetime as dt
import io
import json
import tracemalloc

import pytest

from registry.domain.bpjs_sync import ParsedRow, RowError, parse_sync_batch
from shared.jobs.reader import RecordReader
from tests.unit.registry.registry_unit_helpers import make_nik

TODAY = dt.date(2026, 3, 2)
NIK_A = make_nik(dt.date(1985, 8, 17), "F")
NIK_B = make_nik(dt.date(1990, 1, 2), "M", regency="6207")
HEADER = "nik,kpj_number,programs,status,start_date,end_date\n"


def parse(data: bytes | str, fmt=None):
    raw = data.encode() if isinstance(data, str) else data
    return list(parse_sync_batch(io.BytesIO(raw), fmt, today=TODAY))


def test_csv_rows_are_parsed():
    out = parse(HEADER + f"{NIK_A},12345678901,JKK;JKM,active,2025-01-01,\n"
                         f"{NIK_B},12345678902, jkk | jht ,Terminated,2024-01-01,2025-06-30\n")
    assert out == [
        (1, ParsedRow(1, NIK_A, "12345678901", ("JKK", "JKM"), "active", dt.date(2025, 1, 1), None)),
        (
            2,
            ParsedRow(2, NIK_B, "12345678902", ("JKK", "JHT"), "terminated", dt.date(2024, 1, 1), dt.date(2025, 6, 30)),
        ),
    ]


@pytest.mark.parametrize("row,field", [
    ("5304015708850009X,12345678901,JKK,active,2025-01-01,", "nik"),
    ("5399015708850001,12345678901,JKK,active,2025-01-01,", "nik"),
    (f"{NIK_A},1234,JKK,active,2025-01-01,", "kpj_number"),
    (f"{NIK_A},12345678901,JKK;XYZ,active,2025-01-01,", "programs"),
    (f"{NIK_A},12345678901,JKK;JKK,active,2025-01-01,", "programs"),
    (f"{NIK_A},12345678901,,active,2025-01-01,", "programs"),
    (f"{NIK_A},12345678901,JKK,paused,2025-01-01,", "status"),
    (f"{NIK_A},12345678901,JKK,active,01/01/2025,", "start_date"),
    (f"{NIK_A},12345678901,JKK,active,2025-02-30,", "start_date"),
    (f"{NIK_A},12345678901,JKK,active,2025-01-01,2024-12-31", "end_date"),
    (f"{NIK_A},12345678901,JKK,terminated,2025-01-01,", "end_date"),
])
def test_row_errors_name_the_field_and_never_echo_the_nik(row, field):
    [(number, result)] = parse(HEADER + row + "\n")
    assert number == 1 and isinstance(result, RowError) and result.field == field and not result.fatal
    assert NIK_A not in result.message and "5399015708850001" not in result.message


def test_all_problems_of_a_row_are_kept():
    [(_, result)] = parse(HEADER + "x,1,XYZ,paused,bad,\n")
    assert result.field == "nik" and [f for f, _ in result.others] == ["kpj_number", "programs", "status", "start_date"]


def test_header_is_case_insensitive_with_bom_extra_columns_and_any_order():
    data = (
        "\ufeffStatus,NIK,Programs,KPJ_Number,Start_Date,branch\n" + f"active,{NIK_A},JKK,12345678901,2025-01-01,SoE\n"
    )
    [(_, row)] = parse(data.encode("utf-8"))
    assert isinstance(row, ParsedRow) and row.nik == NIK_A and row.end_date is None


def test_missing_column_is_fatal_and_stops():
    out = parse("nik,programs,status,start_date\n" + f"{NIK_A},JKK,active,2025-01-01\n")
    assert len(out) == 1 and out[0][1].fatal and out[0][1].field == "kpj_number"


def test_too_many_fields_is_a_row_error_and_the_batch_goes_on():
    out = parse(
        HEADER + f"{NIK_A},12345678901,JKK,active,2025-01-01,,extra\n" + f"{NIK_B},12345678902,JKK,active,2025-01-01,\n"
    )
    assert isinstance(out[0][1], RowError) and isinstance(out[1][1], ParsedRow) and out[1][0] == 2


def test_invalid_utf8_is_fatal():
    out = parse(HEADER.encode() + f"{NIK_A},12345678901,JKK,active,2025-01-01,\n".encode() + b"\xff\xfe,,\n")
    assert isinstance(out[0][1], ParsedRow) and out[-1][1].fatal


def test_the_callers_stream_stays_open():
    stream = io.BytesIO((HEADER + f"{NIK_A},12345678901,JKK,active,2025-01-01,\n").encode())
    list(parse_sync_batch(stream, "csv", today=TODAY))
    assert not stream.closed


def record(nik=NIK_A, **changes):
    base = {"nik": nik, "kpj_number": "12345678901", "programs": ["JKK", "JKM"], "status": "active",
            "start_date": "2025-01-01", "end_date": None}
    base.update(changes)
    return base


def test_json_array_rows_with_lists_or_strings():
    data = json.dumps([record(), record(NIK_B, programs="JKK;JP", kpj_number=12345678902)], indent=2)
    out = parse(data)
    assert [type(r).__name__ for _, r in out] == ["ParsedRow", "ParsedRow"]
    assert out[1][1].programs == ("JKK", "JP") and out[1][1].kpj_number == "12345678902"


def test_json_array_element_that_is_not_an_object_is_a_row_error():
    out = parse(json.dumps([record(), 42, "x", record(NIK_B)]))
    assert [(n, type(r).__name__) for n, r in out] == [
        (1, "ParsedRow"),
        (2, "RowError"),
        (3, "RowError"),
        (4, "ParsedRow"),
    ]


def test_broken_json_keeps_the_rows_before_and_ends_with_a_fatal_error():
    good = json.dumps(record())
    out = parse(f"[{good}, {good[:-5]} , {good}]")
    assert isinstance(out[0][1], ParsedRow) and out[-1][1].fatal and len(out) == 2


@pytest.mark.parametrize("text", ["[]", " \n[ ] \n", "\ufeff[]"])
def test_empty_json_arrays(text):
    assert parse(text.encode("utf-8"), "json") == []


@pytest.mark.parametrize("text", ['{"nik": 1}', "[1, 2", "[1,]", "[1] x", "[1 2]"])
def test_malformed_json_arrays_end_in_a_fatal_problem(text):
    results = list(RecordReader(io.BytesIO(text.encode()), "json").rows())
    assert results[-1][1].fatal


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64])
def test_json_array_survives_any_chunk_boundary(chunk):
    values = [{"a": "Ñyoman – 東", "n": 12345, "f": [1.5, None, True]}, 1234567, {"b": "x" * 50}]
    text = json.dumps(values, ensure_ascii=False).encode("utf-8")
    trickle = io.BufferedReader(GeneratedStream(text[i:i + chunk] for i in range(0, len(text), chunk)), chunk)
    results = list(RecordReader(trickle, "json").rows())
    assert [n for n, _ in results] == [1, 2, 3]
    assert results[0][1] == values[0] and results[2][1] == values[2] and results[1][1].field == "row"


def test_ndjson_counts_records_like_csv_and_recovers_from_bad_lines():
    lines = [json.dumps(record()), "", "{broken", "[1]", json.dumps(record(NIK_B))]
    out = parse("\n".join(lines) + "\n")  # a blank line is not a row, as in CSV and the batch evaluation
    assert [(n, type(r).__name__) for n, r in out] == [
        (1, "ParsedRow"),
        (2, "RowError"),
        (3, "RowError"),
        (4, "ParsedRow"),
    ]


def test_format_is_sniffed():
    csv_out = parse(HEADER + f"{NIK_A},12345678901,JKK,active,2025-01-01,\n")
    json_out = parse("  \n" + json.dumps([record()]))
    nd_out = parse(json.dumps(record()) + "\n")
    assert all(isinstance(out[0][1], ParsedRow) for out in (csv_out, json_out, nd_out))


class GeneratedStream(io.RawIOBase):
    """A large batch produced on the fly, so the test itself holds no file in memory."""

    def __init__(self, chunks):
        self._chunks, self._pending = iter(chunks), b""

    def readable(self):
        return True

    def readinto(self, buffer):
        while not self._pending:
            self._pending = next(self._chunks, None)
            if self._pending is None:
                self._pending = b""
                return 0
        n = min(len(buffer), len(self._pending))
        buffer[:n], self._pending = self._pending[:n], self._pending[n:]
        return n


def generated(fmt: str, rows: int):
    if fmt == "csv":
        yield HEADER.encode()
    if fmt == "json":
        yield b"["
    for i in range(rows):
        nik = NIK_A[:12] + f"{i % 10000:04d}"
        if fmt == "csv":
            yield f"{nik},{10_000_000_000 + i},JKK;JKM,active,2025-01-01,\n".encode()
        else:
            text = json.dumps(record(nik, kpj_number=str(10_000_000_000 + i)))
            yield ((", " if i and fmt == "json" else "") + text + ("\n" if fmt == "ndjson" else "")).encode()
    if fmt == "json":
        yield b"]"


@pytest.mark.parametrize("fmt", ["csv", "json", "ndjson"])
def test_large_batches_stream_in_constant_memory(fmt):
    rows = 8_000  # about 1 MB of input: holding it whole would break the bound below
    tracemalloc.start()
    try:
        parsed = sum(isinstance(r, ParsedRow) for _, r in
                     parse_sync_batch(io.BufferedReader(GeneratedStream(generated(fmt, rows))), None, today=TODAY))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert parsed == rows
    assert peak < 600_000, f"peak {peak} bytes: the parser holds more than a few chunks"


def test_ndjson_bad_bytes_or_an_overlong_line_spoil_only_that_line():
    data = b'{"a": 1}\n{"b": "\xff"}\n{"c": "' + b"x" * 300 + b'"}\n{"d": 4}\n'
    out = list(RecordReader(io.BytesIO(data), "ndjson", max_record_chars=100).rows())
    assert [(n, r if isinstance(r, dict) else r.message) for n, r in out] == [
        (1, {"a": 1}),
        (2, "berkas bukan UTF-8 / file is not UTF-8"),
        (3, "baris terlalu panjang / line too long"),
        (4, {"d": 4}),
    ]


def test_an_overlong_csv_line_ends_the_file():
    data = b"a,b\n1,2\n" + b"3," + b"x" * 300 + b"\n5,6\n"
    out = list(RecordReader(io.BytesIO(data), "csv", required=("a",), max_record_chars=100).rows())
    assert out[0] == (1, {"a": "1", "b": "2"}) and out[-1][1].fatal and len(out) == 2


def test_csv_quoted_fields_may_span_lines():
    out = list(RecordReader(io.BytesIO(b'a,b\r\n"line one\r\nline two",2\r\n'), "csv", required=("a", "b")).rows())
    assert out == [(1, {"a": "line one\r\nline two", "b": "2"})]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiter_is_read_from_the_header(delimiter):
    text = delimiter.join(HEADER.strip().split(",")) + "\n" + delimiter.join(
        [NIK_A, "12345678901", "JKK", "active", "2025-01-01", ""]) + "\n"
    assert [type(r).__name__ for _, r in parse(text)] == ["ParsedRow"]
