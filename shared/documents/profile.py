"""`documents.yaml` (one per regency): who heads, signs and numbers the regency's official
documents. Registered with the regulation kernel by the kernel itself (every service issues
documents); the values are the regency's own administration, not law, so they carry a `source`.

Numbers follow the regency's pattern (Permendagri 83/2022 classification code, sequence per year
and office); offices give the kop surat (name, address, contact: no images needed); signers give
the signature block (nama, NIP, jabatan), each dated."""
from __future__ import annotations

import datetime as dt
from functools import cache

from pydantic import Field, field_validator

from shared.regulation import Strict, profiles

from .numbering import check_pattern


class Office(Strict):
    heading: list[str] = Field(min_length=1, description="kop surat lines, top to bottom")
    code: str = Field(min_length=1, description="office code written in document numbers")
    address: str
    contact: str = ""
    place: str = Field(description="where its documents are signed (the regency seat)")


class Signer(Strict):
    name: str
    nip: str | None = Field(default=None, pattern=r"^\d{18}$")
    position: str
    rank: str | None = None
    from_: dt.date = Field(alias="from")
    until: dt.date | None = None


class Kind(Strict):
    title: str
    office: str
    signer: str
    classification: str = Field(pattern=r"^\d{3}(\.\d+)*$", description="Permendagri 83/2022 code")


class DocumentsPart(Strict):
    source: str
    example: bool = False
    numbering: str = Field(description="e.g. '{classification}/{sequence}/{office}/{year}'")
    offices: dict[str, Office]
    signers: dict[str, list[Signer]]
    kinds: dict[str, Kind]

    @field_validator("numbering")
    @classmethod
    def _pattern(cls, value: str) -> str:
        check_pattern(value)
        return value

    def kind(self, kind: str) -> Kind:
        return self.kinds[kind]

    def signer_on(self, signer: str, day: dt.date) -> Signer:
        for entry in self.signers[signer]:
            if entry.from_ <= day and (entry.until is None or day < entry.until):
                return entry
        raise LookupError(f"no {signer} in office on {day}")

    def check(self) -> list[str]:
        problems = []
        for name, kind in self.kinds.items():
            if kind.office not in self.offices:
                problems.append(f"kinds.{name}.office: unknown office {kind.office!r}")
            if kind.signer not in self.signers:
                problems.append(f"kinds.{name}.signer: unknown signer {kind.signer!r}")
        return problems


@cache
def _parsed(code: str, version: int) -> DocumentsPart:  # version: id of the loaded profiles
    return DocumentsPart.model_validate(profiles().part(code, "documents"))


def documents_profile(code: str) -> DocumentsPart:
    """The regency's documents part (KeyError when the regency has none)."""
    if profiles().part(code, "documents") is None:
        raise KeyError(code)
    return _parsed(code, id(profiles()))


def _compile(loaded) -> list[str]:
    problems = []
    for code in loaded.codes_with("documents"):
        part = DocumentsPart.model_validate(loaded.part(code, "documents"))
        problems += [f"{code} documents.yaml: {p}" for p in part.check()]
    return problems


def register() -> None:
    """The documents part belongs to the kernel's load (every service reads it)."""
    from shared.regulation import register_compiler, register_part
    from shared.regulation.kernel import KERNEL

    register_part("documents", DocumentsPart, owner=KERNEL, required=True)
    register_compiler("documents", _compile)
