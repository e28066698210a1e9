"""The control-character check (shared/text_input.py): which strings and raw bodies it flags."""
from __future__ import annotations

import json

import pytest

from shared.text_input import bad_fields, suspect


@pytest.mark.parametrize("text", ["a\x00b", "a\rb", "\x1b[31m", "x\x7f", "x\x85", "x\ud800"])
def test_forbidden_characters_are_found_with_their_path(text):
    assert bad_fields({"applicant": {"notes": ["ok", text]}}) == ["applicant.notes.1"]
    assert suspect(json.dumps({"v": text}).encode())


@pytest.mark.parametrize("text", ["Budi Santoso", "Jl. A\nRT 1\tRW 2", "café", 'say "hi" \\ there', "😀"])
def test_tab_newline_and_ordinary_text_pass(text):
    assert bad_fields({"v": text, "n": 5, "b": True, "none": None}) == []


def test_plain_bodies_skip_the_walk():
    assert not suspect(json.dumps({"lines": [{"amount": 1, "period": "2026-01"}] * 1000}).encode())
