"""Persons, pure: NIP validation and what a person may be given (roles, regencies, villages).

NIP (Nomor Induk Pegawai, PP 11/2017 / BKN): 18 digits = birth date yyyymmdd (8), TMT of
appointment as CPNS yyyymm (6), sex 1 = male / 2 = female (1), sequence number (3, from 001)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

NIP_PATTERN = re.compile(r"^\d{18}$")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MIN_PASSWORD = 10


@dataclass(frozen=True)
class Nip:
    birth_date: dt.date
    appointed: tuple[int, int]  # (year, month) of TMT CPNS
    sex: str  # "M" | "F"
    sequence: int


def parse_nip(nip: str) -> Nip:
    """The NIP's parts, or ValueError saying what is wrong."""
    if not NIP_PATTERN.match(nip):
        raise ValueError("NIP must be 18 digits (NIP harus 18 digit angka)")
    try:
        birth = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValueError("NIP digits 1-8 are not a birth date yyyymmdd (tanggal lahir tidak sah)") from None
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12:
        raise ValueError("NIP digits 9-14 are not an appointment month yyyymm (TMT tidak sah)")
    if year < birth.year + 17:  # nobody is appointed a civil servant before the age of 18
        raise ValueError("NIP appointment (TMT) is before the age of 18 (TMT sebelum usia 18 tahun)")
    if nip[14] not in "12":
        raise ValueError("NIP digit 15 must be 1 (male) or 2 (female) (kode jenis kelamin 1/2)")
    if int(nip[15:18]) == 0:
        raise ValueError("NIP sequence (digits 16-18) starts at 001 (nomor urut mulai 001)")
    return Nip(birth, (year, month), "M" if nip[14] == "1" else "F", int(nip[15:18]))


def nip_errors(nip: str | None, today: dt.date) -> list[str]:
    if nip is None:
        return []
    try:
        parsed = parse_nip(nip)
    except ValueError as exc:
        return [str(exc)]
    if parsed.birth_date > today or (parsed.appointed[0], parsed.appointed[1]) > (today.year, today.month):
        return ["NIP dates lie in the future (tanggal pada NIP di masa depan)"]
    return []


def person_errors(*, username: str, password: str, nip: str | None, roles: list[str], regencies: list[str],
                  villages: list[str], known_roles: set[str], known_regencies: set[str],
                  roles_of_regency: dict[str, frozenset[str]], today: dt.date) -> list[tuple[str, str]]:
    """(field, message) for everything wrong with a new person; empty when valid."""
    errors: list[tuple[str, str]] = []
    if not USERNAME.match(username):
        errors.append(("username", "3-64 characters: lower-case letters, digits, '.', '_', '-'"))
    if len(password) < MIN_PASSWORD:
        errors.append(("password", f"at least {MIN_PASSWORD} characters (minimal {MIN_PASSWORD} karakter)"))
    errors += [("nip", message) for message in nip_errors(nip, today)]
    errors += role_errors(roles, regencies, known_roles, roles_of_regency)
    if not regencies:
        errors.append(("regencies", "at least one regency"))
    errors += [("regencies", f"unknown regency '{code}'") for code in regencies if code not in known_regencies]
    errors += [("villages", f"village '{v}' is not a 10-digit village code of the person's regencies")
               for v in villages if not (re.fullmatch(r"\d{10}", v) and v[:4] in regencies)]
    return errors


def role_errors(roles: list[str], regencies: list[str], known_roles: set[str],
                roles_of_regency: dict[str, frozenset[str]]) -> list[tuple[str, str]]:
    """(field, message) for roles a person of these regencies may not be given (new or changed)."""
    errors: list[tuple[str, str]] = []
    if not roles:
        errors.append(("roles", "at least one role (minimal satu peran)"))
    errors += [("roles", f"unknown role '{r}'; known: {', '.join(sorted(known_roles))}")
               for r in roles if r not in known_roles]
    for code in regencies:
        errors += [("roles", f"regency {code} does not use the role '{r}' (profiles/{code}-*/people.yaml)")
                   for r in roles if r in known_roles and code in roles_of_regency
                   and r not in roles_of_regency[code]]
    return errors
