"""The main menu: one entry per area of work, shown to a person whose roles grant any of its scopes.
Each area's pages live in their own module of this package (see docs/ARCHITECTURE.md, "Back office")."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    label: str
    href: str
    scopes: frozenset[str]


MENU = (
    Entry("Beranda", "/", frozenset()),
    Entry("Peserta", "/peserta", frozenset({"registry:read"})),
    Entry("Kelayakan", "/kelayakan", frozenset({"eligibility:evaluate"})),
    Entry("Impor", "/impor", frozenset({"registry:write", "aid:write"})),
    Entry("Bantuan iuran", "/bantuan", frozenset({"aid:read"})),
    Entry("Pemberi kerja", "/pemberi-kerja", frozenset({"registry:read"})),
    Entry("Sanksi", "/kasus", frozenset({"sanctions:read"})),
    Entry("Konstruksi", "/konstruksi", frozenset({"registry:read"})),
    Entry("Cek izin (OSS)", "/izin", frozenset({"clearance:read", "sanctions:read"})),
    Entry("Pengaduan", "/pengaduan", frozenset({"registry:read", "complaints:handle"})),
    Entry("Laporan", "/laporan", frozenset({"reporting:read"})),
    Entry("Pengaturan", "/pengaturan", frozenset({"admin", "reporting:write"})),
)


def entries_for(scopes: frozenset[str] | set[str]) -> list[Entry]:
    return [e for e in MENU if not e.scopes or e.scopes & set(scopes)]
