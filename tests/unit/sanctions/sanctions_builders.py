"""Builders shared by the sanctions tests (imported by name; the test folder is on sys.path)."""
from __future__ import annotations

import datetime as dt
import re
import zlib
from itertools import count

from sanctions.domain import Evidence, Subject, add_evidence, decide, load_sanctions_profile, open_case

REGENCIES = {"tts": "5304", "berau": "6405", "sambas": "6101", "tabalong": "6309", "lamandau": "6207"}
_numbers = count(1)


def all_profiles():
    return {name: load_sanctions_profile(code) for name, code in REGENCIES.items()}


def new_case(profile, *, on, source="system", violation="employer_not_registered", subject=None,
             reference="REF/1", **letter):
    """Open a case and return the transition."""
    n = next(_numbers)
    return open_case(case_id=f"case-{n}", number=f"SAN-{profile.regency_code}-{n:05d}",
                     regency_code=profile.regency_code, subject=subject or Subject("employer", f"employer-{n}"),
                     violation=violation, source=source, reference=reference, on=on, profile=profile, **letter)


def evidence(case, profile, kind, on, reference=None, **extra):
    return add_evidence(case, Evidence(kind, reference or f"{kind}/{on.isoformat()}", on, **extra), profile)


def impose(case, profile, on, services=(), decree="188.45/1/2025"):
    return decide(case, decision_kind="impose", decree_number=decree, services=list(services), on=on,
                  profile=profile)


def lamandau_imposed(profile, on=dt.date(2025, 3, 3), services=("business_license", "foreign_worker_permit"),
                     violation="employer_not_registered"):
    """A Lamandau case with both letters (BPJS request + inspector recommendation), imposed."""
    case = new_case(profile, on=on, source="bpjs_request", reference="B/100/2025", violation=violation).case
    case = evidence(case, profile, "inspector_recommendation", on, reference="560/7/PK/2025").case
    return impose(case, profile, on, services).case


def pdf_text(data: bytes) -> str:
    """The text shown by an fpdf2 PDF: decompress its content streams and join the strings of
    every text-showing operator, undoing PDF string escapes; whitespace is collapsed."""
    shown = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        stream = match.group(1)
        try:
            stream = zlib.decompress(stream)
        except zlib.error:
            pass
        for text in re.finditer(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", stream):
            shown.append(re.sub(rb"\\(.)", rb"\1", text.group(1)).decode("latin-1"))
    return " ".join(" ".join(shown).split())
