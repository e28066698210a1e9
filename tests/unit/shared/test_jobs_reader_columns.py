"""The CSV column reader gives exactly what the row reader gives, row by row: the same records
(cells), the same row numbers, the same problems and fatal ends, whichever path (split in one go or by rows)
a block takes and wherever the block boundaries fall."""
from __future__ import annotations

import io

import pytest

from shared.jobs.reader import RowProblem, read_csv_columns, read_records

HEADER = "nik,kpj_number,programs,status\n"
PLAIN = "".join(f"{i:016d},{i:011d},JKK;JKM,active\n" for i in range(1, 300))
CASES = {
    "plain": HEADER + PLAIN,
    "crlf and bom": "\ufeff" + (HEADER + PLAIN).replace("\n", "\r\n"),
    "semicolons": (HEADER + PLAIN).replace(",", "|").replace(";", ",").replace("|", ";"),
    "blank lines and blank rows": HEADER + "\n,,,\n" + PLAIN + "   \n" + PLAIN[:200] + "\n\n",
    "short and long rows": HEADER + PLAIN + "1,2\n1,2,3,4,5\n" + PLAIN,
    "quotes later": HEADER + PLAIN + '"1","2","JKK\nJKM",active\n' + PLAIN,
    "no trailing newline": HEADER + PLAIN.rstrip("\n"),
    "duplicate header": "nik,status,status,programs,kpj_number\n1,a,b,JKK,2\n",
    "missing column": "nik,status\n1,active\n",
    "header only": HEADER,
    "empty": "",
    "upper-case header": HEADER.upper() + PLAIN,
    "unbalanced quote": HEADER + PLAIN + '"1,2,3,4\n' + PLAIN,
    "tabs": (HEADER + PLAIN).replace(",", "\t"),
    "unicode blank row": HEADER + PLAIN + "\u00a0,\u2003, ,\u00a0\n" + PLAIN,
    "unicode cells": HEADER + PLAIN + "\u00e9,\u2003x, \u0663 ,ok\n" + PLAIN,
    "ascii blank cells": HEADER + PLAIN + "\x1c, \t,\x0b,\x0c\n" + PLAIN,
    "spaces around cells": HEADER + " 1 , 2 ,JKK , active \n" * 50,
}
BYTE_CASES = {
    "not utf-8 midway": (HEADER + PLAIN).encode() + b"1,2,\xff\xfe,active\n" + PLAIN.encode(),
    "nul midway": (HEADER + PLAIN).encode() + b"1,2\x00,JKK,active\n" + PLAIN.encode(),
    "lone carriage return": (HEADER + PLAIN).encode() + b"1,2,JKK,active\r3,4,JKM,active\n" + PLAIN.encode(),
    "not utf-8 header": b"nik,\xff\n1,2\n",
}


def by_rows(data: bytes) -> list[tuple[int, object]]:
    return [(n, r if isinstance(r, RowProblem) else {k: v or "" for k, v in r.items()})
            for n, r in read_records(io.BytesIO(data), "csv", required=("nik", "status"))]


def by_columns(data: bytes, block_bytes: int) -> list[tuple[int, object]]:
    found, expected_first = [], 1
    for block in read_csv_columns(io.BytesIO(data), required=("nik", "status"), block_bytes=block_bytes):
        assert block.first_row == expected_first
        numbers = block.rows + [n for n, _p in block.problems if n]  # row 0: the header (a missing column)
        assert sorted(numbers) == [n for n in range(block.first_row, block.last_row + 1) if n in numbers]
        expected_first = block.last_row + 1
        found += [(n, {k: cells[i] for k, cells in block.columns.items()}) for i, n in enumerate(block.rows)]
        found += block.problems
    return sorted(found, key=lambda item: item[0])


@pytest.mark.parametrize("block_bytes", [64, 1000, 1 << 20])
@pytest.mark.parametrize("name", list(CASES) + list(BYTE_CASES))
def test_columns_equal_rows(name: str, block_bytes: int) -> None:
    data = BYTE_CASES[name] if name in BYTE_CASES else CASES[name].encode()
    assert by_columns(data, block_bytes) == by_rows(data)


def test_plain_blocks_take_the_columnar_path(monkeypatch) -> None:
    """A plain file never falls back to the row reader (the speed of the BPJS sync depends on it)."""
    from shared.jobs import reader
    monkeypatch.setattr(reader.RecordReader, "rows", lambda *a, **k: pytest.fail("row reader used"))
    monkeypatch.setattr(reader, "_ColumnReader", _HeaderOnly(reader._ColumnReader))
    blocks = list(read_csv_columns(io.BytesIO((HEADER + PLAIN * 20).encode()), block_bytes=4096))
    assert len(blocks) > 5 and sum(len(b.rows) for b in blocks) == 299 * 20


class _HeaderOnly:
    """The column reader with its header read by hand (the header check uses the row reader)."""

    def __init__(self, cls):
        self.cls = cls

    def __call__(self, *args):
        reader = self.cls(*args)

        def blocks():
            header_line, pending = reader._header_line()
            reader.header, reader.delimiter = header_line.decode().strip().split(","), ","
            while block := pending + reader.stream.read(4096):
                cut = block.rfind(b"\n") + 1 or len(block)
                pending = block[cut:]
                fast = reader._fast(block[:cut])
                assert fast is not None
                yield from fast
        reader.blocks = blocks
        return reader
