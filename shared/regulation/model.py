"""The kernel's own vocabulary of law as data: a regulation, an interpretation, a note, a dated
value, and the `regency.yaml` part that names a regency and its regulations.

Every part model (the kernel's and the services') derives from `Strict`: an unknown key is an
error, so a typo in a profile is reported with its file, key and line instead of being ignored.

One convention for validity dates everywhere in `profiles/`: `from` (inclusive) and `until`
(exclusive, absent or null = open). Regulations use the same two keys.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

T = TypeVar("T")

CITATION_HELP = "a citation such as 'Pasal 26(1) huruf d' or 'PP 45/2015 Pasal 15'"


class Strict(BaseModel):
    """Base of every part model: unknown keys are errors (typos must not silently drop law)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class DatedEntry(Strict, Generic[T]):
    """One entry of a dated history `[{value, from, until, citation}]`."""

    value: T
    from_: dt.date = Field(alias="from")
    until: dt.date | None = None
    citation: str | None = Field(default=None, description=CITATION_HELP)
    note: str | None = None
    confidence: str | None = None


class Interpretation(Strict):
    """A named reading of an ambiguous or defective text that code reads: changing `choice`
    changes a decision. A reading that changes nothing is a `Note` instead."""

    choice: Any
    note: str = Field(min_length=1)
    citation: str | None = Field(default=None, description=CITATION_HELP)
    options: list[Any] | None = None

    @field_validator("choice")
    @classmethod
    def _present(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("choice must not be empty")
        return value


class Note(Strict):
    """How a text defect is read when no code depends on it (documentation, no switch)."""

    reading: str | None = Field(default=None, description="how the text is read (no code depends on it)")
    note: str = Field(min_length=1)
    citation: str | None = Field(default=None, description=CITATION_HELP)


class Regulation(Strict):
    """A regulation by its identity: the only place a title, number or date is written."""

    id: str
    title: str = Field(description="short title every citation names, e.g. 'Perbup Sambas No. 59/2025'")
    full_title: str = ""
    number: int | str | None = None
    year: int | None = None
    enacted: dt.date
    promulgated: dt.date | None = None
    gazette: str | None = None
    from_: dt.date = Field(alias="from", description="in force from (inclusive)")
    until: dt.date | None = Field(default=None, description="in force until (exclusive)")
    in_force_citation: str | None = None
    repeals: str | None = None
    note: str | None = None

    def in_force(self, day: dt.date) -> bool:
        return self.from_ <= day and (self.until is None or day < self.until)


class RegencyPart(Strict):
    """`regency.yaml`: who the regency is, which regulations it has, and the readings of the
    text shared by every service."""

    code: str = Field(pattern=r"^\d{4}$")
    name: str
    name_full: str
    province: str
    province_code: str = Field(pattern=r"^\d{2}$")
    regulation: Regulation
    superseded_regulations: list[Regulation] = []
    kemendagri_code: list[DatedEntry[str]] = Field(default=[], description=(
        "the regency's 4-digit Kemendagri code (dated, cited): village codes start with it; it differs "
        "from `code` (BPS) for some regencies, e.g. Berau BPS 6405, Kemendagri 64.03"))
    interpretations: dict[str, Interpretation] = {}
    notes: dict[str, Note] = {}

    @field_validator("kemendagri_code")
    @classmethod
    def _four_digits(cls, entries: list[DatedEntry[str]]) -> list[DatedEntry[str]]:
        wrong = [e.value for e in entries if not (len(e.value) == 4 and e.value.isdigit())]
        if wrong:
            raise ValueError(f"a Kemendagri regency code is 4 digits without dots: {wrong}")
        return entries

    def regulations(self) -> tuple[Regulation, ...]:
        return (self.regulation, *self.superseded_regulations)

    def kemendagri_code_on(self, day: dt.date) -> str:
        """The Kemendagri code in force on `day` (the latest start wins); the BPS code when the
        profile records none (a test folder, a regency whose codes agree)."""
        in_force = [e for e in self.kemendagri_code if e.from_ <= day and (e.until is None or day < e.until)]
        return max(in_force, key=lambda e: e.from_).value if in_force else self.code

    @property
    def kemendagri_code_now(self) -> str:
        """The open-ended (current) Kemendagri code, the one `places.csv` is checked against."""
        current = [e for e in self.kemendagri_code if e.until is None]
        return max(current, key=lambda e: e.from_).value if current else self.code


def regency_yaml(code: str, title: str, *, name: str = "Contoh", start: str = "2026-01-01") -> dict:
    """A minimal valid `regency.yaml` (for tests and for an administrator starting a folder)."""
    return {"code": code, "name": name, "name_full": f"Kabupaten {name}", "province": "Contoh",
            "province_code": code[:2],
            "regulation": {"id": title.lower().replace(" ", "-"), "title": title, "enacted": start, "from": start}}


class ExternalSource(Strict):
    """A regulation profiles cite whose text is NOT in the project's corpus (../shared/regulations
    holds only the regencies' own Perbup): its article numbers are our reading of the published
    text, to be confirmed by the regency's legal section. Citations naming `title` are marked as
    such by `python -m shared.regulation where` and counted by `check`."""

    title: str = Field(description="the short title citations use, e.g. 'UU 27/2022'")
    full_title: str
    basis: Literal["interpretation", "dataset", "reported"] = Field(
        default="interpretation", description=(
            "how it entered the profiles: `interpretation` our reading of its articles; `dataset` values "
            "taken from a published dataset that follows it (e.g. place codes); `reported` figures quoted "
            "by a secondary source (news, an official's statement), the primary text not yet read"))
    note: str = Field(min_length=1, description="what is read from it and what must be confirmed")


class SourcesPart(Strict):
    """`national/sources.yaml`: the regulations cited in profiles without their text in the corpus."""

    external: dict[str, ExternalSource]
