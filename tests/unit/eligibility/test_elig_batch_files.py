"""Reading uploads incrementally (CSV and NDJSON, any cut of the bytes) and storing/rendering
results: pure, no database."""
from __future__ import annotations

import datetime as dt
import io

import orjson
import pytest

from eligibility.batch.reading import CSV, NDJSON, UnreadableFile, chunks, header_problems, split_header
from eligibility.batch.results import ChunkResult, Renderer, evaluate_chunk, layout_of, mask_niks
from eligibility.rules import BatchEvaluator
from shared.identifiers import mask_nik


class _Trickle(io.RawIOBase):
    """The upload arriving `piece` bytes at a time."""

    def __init__(self, data: bytes, piece: int):
        self.data, self.piece = data, piece

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), self.piece, len(self.data))
        buffer[:n], self.data = self.data[:n], self.data[n:]
        return n


def _read(fmt: str, data: bytes, piece: int, chunk_rows: int = 2):
    return list(chunks(io.BufferedReader(_Trickle(data, piece), piece), fmt, chunk_rows))


CSV_DATA = ('\ufeffref;nik;occupation\r\n'
            'a;6101015506800001;"pedagang\nkaki lima"\r\n'
            'b;;nelayan\r\n'
            '\r\n'
            'c;6101015506800001\r\n'
            'd;6101015506800001;"petani ""sawit"""').encode()


def test_a_ref_over_100_characters_makes_its_row_invalid():
    data = ("ref,has_ktp\n" + "x" * 100 + ",true\n" + "y" * 101 + ",true\nz,false\n").encode()
    [chunk] = _read(CSV, data, 1000, 10)
    assert chunk.unreadable == {1: [("ref", "paling panjang 100 karakter / at most 100 characters")]}
    assert chunk.refs == ["x" * 100, "y" * 100, "z"]


@pytest.mark.parametrize("piece", [1, 3, 7, 1000])
def test_csv_read_in_any_pieces(piece):
    chunks = _read(CSV, CSV_DATA, piece)
    assert [(c.first_row, c.n) for c in chunks] == [(1, 2), (3, 2)]
    assert chunks[0].columns["occupation"] == ["pedagang\nkaki lima", "nelayan"]
    assert chunks[0].refs == ["a", "b"] and chunks[0].text
    assert chunks[1].unreadable == {0: [("row", "2 sel, header punya 3 / 2 cells, header has 3")]}
    assert chunks[1].columns["occupation"] == ["", 'petani "sawit"']


@pytest.mark.parametrize("piece", [1, 5, 1000])
def test_ndjson_read_in_any_pieces(piece):
    lines = [
        {"ref": "a", "occupation": "guru\u2028honorer"},
        "not json",
        [1],
        {"income": 1},
        {"ref": 7, "has_ktp": True},
    ]
    data = b"\n".join(orjson.dumps(x) if not isinstance(x, str) else x.encode() for x in lines) + b"\n\n"
    chunks = _read(NDJSON, data, piece, chunk_rows=10)
    [chunk] = chunks
    assert chunk.n == 5 and chunk.refs == ["a", "", "", "", "7"]
    assert chunk.columns["occupation"][0] == "guru\u2028honorer"
    assert {i: e[0][0] for i, e in chunk.unreadable.items()} == {1: "row", 2: "row", 3: "income"}


def test_header_checks():
    assert header_problems(["nik", "ref", "has_ktp"]) == []
    assert [f for f, _ in header_problems(["nik", "income", "nik"])] == ["income", "nik"]
    assert header_problems(["ref"])[0][0] == "header"
    assert split_header("nik\thas_ktp") == ["nik", "has_ktp"]


def test_a_row_that_never_ends_is_unreadable(monkeypatch):
    monkeypatch.setattr("eligibility.batch.reading.MAX_ROW_CHARS", 100)
    with pytest.raises(UnreadableFile):
        _read(CSV, b'nik,occupation\n1,"open' + b"x" * 500, 50)


def test_results_survive_storage_and_render_with_citations(registry):
    evaluator = BatchEvaluator(registry, "6101", "palm_oil_worker_aid", dt.date(2026, 1, 15))
    data = (b"ref,nik,has_ktp,domicile_regency_code,palm_oil_worker,already_protected\n"
            b"x1,6101015506800001,true,6101,true,false\n"
            b"x2,6101015506800001,true,6405,true,false\n"
            b"x3,6101013102800001,true,6101,true,false\n")
    [chunk] = _read(CSV, data, 1000, chunk_rows=10)
    result = evaluate_chunk(evaluator, chunk)
    stored = ChunkResult.from_bytes(1, result.to_bytes(), result.error_rows())
    rows = [orjson.loads(line) for line in Renderer(layout_of(evaluator), "ndjson").render(stored).splitlines()]
    assert [(r["ref"], r["outcome"]) for r in rows] == [("x1", "eligible"), ("x2", "ineligible"), ("x3", "invalid")]
    assert rows[1]["failed_checks"] == [
        {"rule": "domicile", "citation": "Perbup Sambas No. 59/2025 Pasal 26 ayat (1) huruf c"}
    ]
    assert rows[0]["nik_masked"] == "610101******0001" and rows[2]["errors"][0]["field"] == "nik"
    table = Renderer(layout_of(evaluator), "csv").render(stored).decode().splitlines()
    assert table[1].startswith("2,x2,610101******0001,ineligible,false,,domicile,")


@pytest.mark.parametrize("refs", [["x1", "", "dtks-0001"], ["x1", "Désa-7", "甲"]])
def test_refs_survive_storage_ascii_or_not(registry, refs):
    evaluator = BatchEvaluator(registry, "6405", "vulnerable_worker_aid", dt.date(2026, 1, 15))
    data = "ref,has_ktp\n" + "".join(f"{ref},true\n" for ref in refs)
    [chunk] = _read(CSV, data.encode(), 1000, chunk_rows=10)
    stored = ChunkResult.from_bytes(1, evaluate_chunk(evaluator, chunk).to_bytes(), [])
    assert stored.refs.tolist() == refs and stored.nik_masked.tolist() == [""] * 3


def test_masked_niks_as_shared_mask():
    values = ["6101015506800001", " 6405011506800002 ", "", None, "123", 6101015506800001]
    assert mask_niks(values).tolist() == [mask_nik("6101015506800001"), mask_nik("6405011506800002"), "", "",
                                          "*" * 16, mask_nik("6101015506800001")]
    assert mask_niks([]).tolist() == []
