"""Registration checks that need no I/O: the NIK (CONTRACT §3) and its agreement with the
stated birth date and sex."""
from __future__ import annotations

from shared.identifiers import InvalidNIK, ParsedNIK, check_nik_matches, parse_nik


def check_identity(nik: str, birth_date, sex) -> tuple[ParsedNIK | None, list[tuple[str, str]]]:
    try:
        parsed = parse_nik(nik, stated_birth_date=birth_date)
    except InvalidNIK as exc:
        return None, [("nik", exc.reason)]
    return parsed, check_nik_matches(parsed, birth_date=birth_date, sex=sex)
