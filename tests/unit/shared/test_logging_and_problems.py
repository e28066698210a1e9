"""Logs never show a full NIK; errors are RFC 9457 problems."""
from __future__ import annotations

import json
import logging

import structlog

from shared.logging import configure_logging, mask_text, scrub_personal_data
from shared.problems import InvalidInput


def test_mask_text_hides_digits_7_to_12_of_any_16_digit_run():
    assert mask_text("nik=6101015506800001 ok") == "nik=610101******0001 ok"
    assert mask_text("/v1/participants?nik=5304011708050001&x=1") == "/v1/participants?nik=530401******0001&x=1"
    assert mask_text("12345678901234567") == "12345678901234567"  # 17 digits: not a NIK


def test_scrub_drops_personal_keys_and_masks_nested_values():
    event = scrub_personal_data(None, None, {"event": "x", "nik": "6101015506800001",
                                            "context": {"note": "6101015506800001", "address": "Jl. A"},
                                            "ids": [6101015506800001]})
    assert event["nik"] == "[redacted]"
    assert event["context"] == {"note": "610101******0001", "address": "[redacted]"}
    assert event["ids"] == ["610101******0001"]


def test_configured_logging_masks_structlog_and_stdlib_lines(tmp_path):
    path = tmp_path / "out.log"
    configure_logging("unit", also_to_file=str(path))
    structlog.get_logger("t").info("lookup", query="nik=6101015506800001")
    logging.getLogger("uvicorn.access").info("GET /v1/participants?nik=6101015506800001")
    text = path.read_text()
    assert "6101015506800001" not in text
    assert text.count("610101******0001") == 2
    lines = [json.loads(line) for line in text.splitlines()]
    assert all(line["service"] == "unit" for line in lines)


def test_problem_document_shape():
    problem = InvalidInput.fields([("nik", "NIK harus 16 digit")])
    body = problem.to_dict()
    assert body["status"] == 422 and body["type"].endswith("/validation-error")
    assert body["errors"] == [{"field": "nik", "message": "NIK harus 16 digit"}]
