"""Demo persons for `make run DEMO=1`: a few per regency with different roles (two who may approve as
kepala_dinas, so two-person control can be shown), created at the console issuer over HTTP as an
administrator would; printed with how to log in. Local demo only: one shared demo password."""
from __future__ import annotations

from collections.abc import Callable

import httpx

from shared.devstack.demo import REGENCIES

DEMO_PASSWORD = "lindung-demo-2026"
# (username prefix, name, position, roles, NIP sex digit)
STAFF = [
    ("petugas", "Petugas Pendataan", "Pengelola Data Jaminan Sosial", ["petugas"], "1"),
    ("verifikator", "Verifikator Data", "Verifikator", ["verifikator"], "2"),
    ("kadis", "Kepala Dinas", "Kepala Dinas Tenaga Kerja", ["kepala_dinas"], "1"),
    ("sekdis", "Sekretaris Dinas", "Sekretaris Dinas (Plh. Kepala Dinas)", ["kepala_dinas"], "2"),
    ("bendahara", "Bendahara", "Bendahara Pengeluaran", ["bendahara"], "2"),
    ("pptsp", "Petugas DPMPTSP", "Analis Perizinan", ["pptsp"], "1"),
    ("pimpinan", "Pimpinan Daerah", "Asisten Perekonomian", ["pimpinan"], "1"),
    ("admin", "Admin Sistem", "Pranata Komputer", ["admin", "auditor"], "2"),
]
OFFICES = {"pptsp": "Dinas Penanaman Modal dan PTSP", "pimpinan": "Sekretariat Daerah"}


def demo_nip(regency_index: int, staff_index: int, sex: str) -> str:
    """A well-formed NIP: birth date, TMT, sex digit, sequence (demo values, not real people)."""
    birth = f"19{75 + staff_index:02d}{regency_index + 1:02d}{10 + staff_index:02d}"
    return f"{birth}{2005 + staff_index}01{sex}{regency_index * 10 + staff_index + 1:03d}"


def demo_persons() -> list[dict]:
    people = []
    for r, regency in enumerate(REGENCIES):
        for s, (prefix, name, position, roles, sex) in enumerate(STAFF):
            people.append({"username": f"{prefix}.{regency}", "password": DEMO_PASSWORD,
                           "name": f"{name} {regency}", "nip": demo_nip(r, s, sex), "position": position,
                           "office": OFFICES.get(prefix, "Dinas Tenaga Kerja"), "roles": roles,
                           "regencies": [regency]})
    return people


def load_demo_people(admin_key: str, console_url: str, *, progress: Callable[[str], None] = print) -> list[dict]:
    """Creates the demo persons (a second run finds them: 409 is fine); returns those that exist."""
    ready = []
    with httpx.Client(headers={"X-API-Key": admin_key}, timeout=30) as http:
        for person in demo_persons():
            response = http.post(f"{console_url}/v1/persons", json=person)
            if response.status_code in (201, 409):
                ready.append(person)
            else:
                progress(f"demo: person {person['username']} not created ({response.status_code})")
    progress(f"demo: {len(ready)} persons at the console")
    return ready


def print_logins(people: list[dict], console_url: str) -> None:
    print(f"\n  Demo persons (password for all: {DEMO_PASSWORD}); log in at {console_url}/ :")
    for person in people:
        print(f"    {person['username']:<20} {', '.join(person['roles']):<22} {person['name']}")
    print("  Tokens for scripts (local run only): POST /token grant_type=password client_id=lindung-local-tests\n")
