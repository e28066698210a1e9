"""Results of a batch job, stored compactly per chunk (numpy arrays) and rendered as CSV or NDJSON
when downloaded: per row its number, the caller's ref, the masked NIK, the outcome, the failed
checks with their citations, the missing facts, and the errors of a row that could not be used.
No raw NIK is ever stored here."""
from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np
import orjson

from eligibility.batch.reading import Chunk
from eligibility.rules import BatchEvaluator
from eligibility.rules.vectorised import OUTCOMES, BatchResult
from shared import csvsafe

RowErrors = dict[int, list[tuple[str, str]]]
CSV_COLUMNS = ("row", "ref", "nik_masked", "outcome", "eligible", "programs", "failed_rules", "failed_citations",
               "missing_facts", "errors")


def evaluate_chunk(evaluator: BatchEvaluator, chunk: Chunk) -> ChunkResult:
    """One chunk of uploaded rows through the vectorised rules; unreadable rows are invalid."""
    result = evaluator.evaluate_raw(chunk.columns, chunk.n, text=chunk.text).mark_invalid(chunk.unreadable)
    return ChunkResult.of(chunk.first_row, result, chunk.refs, chunk.columns.get("nik"))


def layout_of(evaluator: BatchEvaluator) -> dict[str, Any]:
    """What a job's result columns mean: rules with their citations, facts, programmes granted."""
    return {"rules": [c.name for c in evaluator.scheme.conditions],
            "citations": [c.citation for c in evaluator.scheme.conditions],
            "facts": list(evaluator.scheme.fact_order), "programs": list(evaluator.programs)}


@dataclass
class ChunkResult:
    first_row: int
    outcome: np.ndarray      # int8 codes of rules.vectorised.OUTCOMES
    failed: np.ndarray       # bool (n, rules)
    missing: np.ndarray      # bool (n, facts)
    refs: np.ndarray
    nik_masked: np.ndarray
    errors: RowErrors

    @classmethod
    def of(cls, first_row: int, result: BatchResult, refs: list[str], niks: list[Any] | None) -> ChunkResult:
        n = len(result.outcome)
        masked = mask_niks(niks) if niks is not None else np.full(n, "", dtype="<U1")
        return cls(first_row, result.outcome, result.failed, result.missing, np.array(refs, dtype=str).reshape(n),
                   masked, result.errors)

    @property
    def n(self) -> int:
        return len(self.outcome)

    def counts(self) -> dict[str, int]:
        codes = np.bincount(self.outcome.astype(np.int64), minlength=len(OUTCOMES))
        return {name: int(c) for name, c in zip(OUTCOMES, codes, strict=False)}

    def error_rows(self) -> list[dict[str, Any]]:
        return [{"row": self.first_row + i, "ref": str(self.refs[i]),
                 "errors": [{"field": f, "message": m} for f, m in problems]}
                for i, problems in sorted(self.errors.items())]

    def to_bytes(self) -> bytes:
        """npz of the arrays (texts as UTF-8 bytes, a quarter of numpy's UTF-32), zlib level 1:
        fast to write, and the flags compress to almost nothing."""
        buffer = io.BytesIO()
        np.savez(buffer, outcome=self.outcome, failed=self.failed, missing=self.missing,
                 refs=_encoded(self.refs, "utf-8"), nik_masked=_encoded(self.nik_masked, "ascii"))
        return zlib.compress(buffer.getvalue(), 1)

    @classmethod
    def from_bytes(cls, first_row: int, data: bytes, error_rows: list[dict]) -> ChunkResult:
        with np.load(io.BytesIO(zlib.decompress(data)), allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
        arrays["refs"] = np.char.decode(arrays["refs"], "utf-8")
        arrays["nik_masked"] = np.char.decode(arrays["nik_masked"], "ascii")
        errors = {e["row"] - first_row: [(x["field"], x["message"]) for x in e["errors"]] for e in error_rows}
        return cls(first_row, errors=errors, **arrays)


def _encoded(texts: np.ndarray, encoding: str) -> np.ndarray:
    """Texts as bytes: ASCII ones by a cast in C (np.char.encode is a Python call per row, 7 % of
    the worker's CPU in a batch job), others by their encoding."""
    try:
        return texts.astype(np.bytes_)
    except UnicodeEncodeError:
        return np.char.encode(texts, encoding)


def mask_niks(values: list[Any]) -> np.ndarray:
    """docs/API.md §7 mask of each stated NIK (530401******0001, as shared.identifiers.mask_nik);
    '' where none was stated."""
    texts = np.char.strip(np.array(["" if v is None else str(v) for v in values], dtype=str))
    sixteen = np.char.str_len(texts) == 16
    fixed = np.where(sixteen, texts, "0" * 16).astype("<U16")
    last4 = np.ascontiguousarray(fixed.view(np.uint32).reshape(-1, 16)[:, 12:]).view("<U4").reshape(-1)
    masked = np.char.add(np.char.add(fixed.astype("<U6"), "******"), last4)
    return np.where(sixteen, masked, np.where(texts == "", "", "*" * 16))


# --- rendering ----------------------------------------------------------------------------------

class Renderer:
    """Turns stored chunks into CSV or NDJSON lines; a row's rule and fact lists are rendered once
    per distinct combination (a million rows have few)."""

    def __init__(self, layout: dict[str, Any], fmt: str):
        self.layout, self.fmt = layout, fmt
        self._lists: dict[tuple[str, bytes], Any] = {}

    def header(self) -> bytes:
        return _csv_lines([CSV_COLUMNS]) if self.fmt == "csv" else b""

    def render(self, chunk: ChunkResult) -> bytes:
        if self.fmt == "csv":
            return _csv_lines(self._csv_row(chunk, i) for i in range(chunk.n))
        return b"".join(orjson.dumps(self._record(chunk, i)) + b"\n" for i in range(chunk.n))

    def _record(self, chunk: ChunkResult, i: int) -> dict[str, Any]:
        outcome = OUTCOMES[chunk.outcome[i]]
        failed = self._pick("rules", chunk.failed[i])
        record = {"row": chunk.first_row + i, "ref": str(chunk.refs[i]) or None,
                  "nik_masked": str(chunk.nik_masked[i]) or None, "outcome": outcome,
                  "eligible": {"eligible": True, "ineligible": False}.get(outcome),
                  "programs": self.layout["programs"] if outcome == "eligible" else [],
                  "failed_checks": [{"rule": r, "citation": c}
                                    for r, c in zip(failed, self._pick("citations", chunk.failed[i]), strict=False)],
                  "missing_facts": self._pick("facts", chunk.missing[i])}
        if i in chunk.errors:
            record["errors"] = [{"field": f, "message": m} for f, m in chunk.errors[i]]
        return record

    def _csv_row(self, chunk: ChunkResult, i: int) -> tuple:
        r = self._record(chunk, i)
        return (r["row"], r["ref"] or "", r["nik_masked"] or "", r["outcome"],
                "" if r["eligible"] is None else str(r["eligible"]).lower(), " ".join(r["programs"]),
                ";".join(c["rule"] for c in r["failed_checks"]), " | ".join(c["citation"] for c in r["failed_checks"]),
                ";".join(r["missing_facts"]), "; ".join(f"{e['field']}: {e['message']}" for e in r.get("errors", ())))

    def _pick(self, part: str, mask: np.ndarray) -> list[str]:
        key = (part, mask.tobytes())
        if key not in self._lists:
            self._lists[key] = [name for name, on in zip(self.layout[part], mask, strict=False) if on]
        return self._lists[key]


def _csv_lines(rows) -> bytes:
    buffer = io.StringIO()
    csvsafe.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()
