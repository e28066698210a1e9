"""Licence clearance in OSS RBA's terms: the clearance answer mapped to OSS's licence status codes
(Lampiran 10 of OSS RBA's API for regional systems, https://oss-rba.github.io), with the reason
text and the official who signs it. Pure: no I/O.

| Lindung clearance                                    | kd_status | OSS's name                 |
|------------------------------------------------------|-----------|----------------------------|
| allowed: no sanction in force denies the service     | 45        | Persyaratan terverifikasi  |
| allowed: sanctions in force deny only other services | 45        | Persyaratan terverifikasi  |
| allowed: the employer is not in the sanctions record | 45        | Persyaratan terverifikasi  |
| denied: a TMP2T sanction in force denies the service | 93        | Penolakan Persyaratan      |

Lindung verifies one requirement (BPJS Ketenagakerjaan compliance) as a technical office (dinas
teknis): 45 and 93 are the codes OSS gives a dinas teknis for approving or refusing a requirement.
90 (Ditolak), 60 (Peringatan), 70 and 80 belong to the licensing office's own decisions and are
never sent by Lindung.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

VERIFIED, REFUSED = "45", "93"
LABELS = {VERIFIED: "Persyaratan terverifikasi", REFUSED: "Penolakan Persyaratan"}


@dataclass(frozen=True)
class Signer:
    """The official in whose name the status is given (OSS: nama_status, nip_status, jabatan)."""

    name: str
    nip: str
    position: str

    @classmethod
    def from_dict(cls, data: dict) -> Signer:
        return cls(str(data["name"]), str(data["nip"]), str(data["position"]))


def status_code(allowed: bool) -> str:
    return VERIFIED if allowed else REFUSED


def izin_status(clearance: dict, signer: Signer, at: dt.datetime, *, nib: str | None, id_izin: str | None,
                kd_izin: str | None) -> dict:
    """OSS's IZINSTATUS object for one clearance answer (docs/API.md §16)."""
    code = status_code(clearance["allowed"])
    return {"nib": nib or "", "id_izin": id_izin or "", "kd_izin": kd_izin or "", "kd_status": code,
            "uraian_status": LABELS[code], "tgl_status": at.strftime("%Y-%m-%d %H:%M:%S"),
            "nip_status": signer.nip, "nama_status": signer.name, "jabatan_status": signer.position,
            "keterangan": "; ".join(clearance["reasons"])[:65535]}
