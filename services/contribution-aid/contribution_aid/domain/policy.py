"""A regency's aid rules, read from `profiles/<code>-<slug>/aid.yaml`.

Schema (every `citation` is read against `regulation.title`, else regency.yaml's title):
  regulation: {title, in_force_from}
  aided_programs: {programs: [JKK, JKM], citation}
  aided_schemes: {<scheme id>: {citation}}
  fiscal_capacity / approved_evaluation / funding_article: {citation}
  funding_sources: {<source>: {label, citation, invoice_recipient: agency|company|village|province,
                    invoice_citation | invoice_interpretation, payment_citation?, accountability?}}
  earmarks: [{source, rule: schemes|village_kind|own_village|payer_kind, values: [...],
              citation | interpretation, note?}]
  co_financing: {allowed: bool, citation} | {interpretation: <name>}
  months_within_fiscal_year: {value: bool, citation} | {interpretation: <name>}
  stopping: {citation, reasons: {<termination reason>: citation}, release_interpretation,
             requirements_citation?, interpretation?, verification_interval_months?, notify?}
  decrees: {recipient_list_citation, changes_citation, change_kinds, ranking?: {criteria, citation}}
  accountability: {<pack kind>: {citation, documents: [{code, label, citation}]}}
  palm_oil: see palm_oil.py (Sambas only)
  interpretations: {<name>: {choice, note, citation}}
A rule given as `interpretation: <name>` takes its value from that interpretation's `choice`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shared.regulation import Citation, load_part

from .outcomes import cite


class PolicyError(ValueError):
    """The regency's aid profile is missing or malformed."""


@dataclass(frozen=True)
class Interpretation:
    name: str
    choice: str
    note: str
    citation: str | None


@dataclass(frozen=True)
class FundingSourceRule:
    code: str
    label: str
    citation: str
    invoice_recipient: str
    invoice_citations: tuple[str, ...]
    accountability: str | None


@dataclass(frozen=True)
class Earmark:
    source: str
    rule: str
    values: tuple[str, ...]
    citations: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Ruling:
    """A yes/no rule with the articles (or interpretation) it rests on."""

    value: bool
    citations: tuple[str, ...]


@dataclass(frozen=True)
class AidPolicy:
    regency_code: str
    regulation_title: str
    aided_programs: tuple[str, ...]
    programs_citation: str
    aided_schemes: dict[str, str]
    fiscal_capacity_citation: str
    evaluation_citation: str
    funding_article: str
    sources: dict[str, FundingSourceRule]
    earmarks: tuple[Earmark, ...]
    co_financing: Ruling
    months_within_fiscal_year: Ruling
    interpretations: dict[str, Interpretation]
    raw: dict[str, Any] = field(repr=False, default_factory=dict)

    def cite(self, text: str | None) -> str | None:
        return _render(text, self.regulation_title)

    def interpretation(self, name: str) -> Interpretation:
        try:
            return self.interpretations[name]
        except KeyError:
            raise PolicyError(f"interpretation {name!r} missing in aid.yaml of {self.regency_code}") from None

    def earmarks_for(self, source: str) -> tuple[Earmark, ...]:
        return tuple(e for e in self.earmarks if e.source == source)

    def section(self, name: str) -> dict[str, Any]:
        return dict(self.raw.get(name) or {})

    @classmethod
    def from_dict(cls, data: dict, *, regency_code: str, regulation_title: str) -> AidPolicy:
        interpretations = _interpretations(data.get("interpretations") or {}, regulation_title)
        programs = data.get("aided_programs") or {}
        return cls(
            regency_code=regency_code,
            regulation_title=regulation_title,
            aided_programs=tuple(programs.get("programs") or ()),
            programs_citation=_render(programs.get("citation"), regulation_title),
            aided_schemes={k: _render((v or {}).get("citation"), regulation_title)
                           for k, v in (data.get("aided_schemes") or {}).items()},
            fiscal_capacity_citation=_citation_of(data, "fiscal_capacity", regulation_title),
            evaluation_citation=_citation_of(data, "approved_evaluation", regulation_title),
            funding_article=_citation_of(data, "funding_article", regulation_title),
            sources=_sources(data.get("funding_sources") or {}, regulation_title, interpretations),
            earmarks=tuple(_earmark(e, regulation_title, interpretations) for e in data.get("earmarks") or ()),
            co_financing=_ruling(data.get("co_financing"), "allowed", regulation_title, interpretations),
            months_within_fiscal_year=_ruling(data.get("months_within_fiscal_year"), "value",
                                              regulation_title, interpretations),
            interpretations=interpretations,
            raw=data,
        )


def _render(text: str | None, regulation: str) -> str | None:
    return str(Citation.parse(text, regulation=regulation)) if text else None


def _citation_of(data: dict, key: str, regulation: str) -> str:
    return _render((data.get(key) or {}).get("citation"), regulation) or ""


def _interpretations(block: dict, regulation: str) -> dict[str, Interpretation]:
    return {name: Interpretation(name, str(body.get("choice")), str(body.get("note", "")).strip(),
                                 _render(body.get("citation"), regulation))
            for name, body in block.items()}


def _interpreted(name: str | None, interpretations: dict[str, Interpretation]) -> Interpretation | None:
    if name is None:
        return None
    if name not in interpretations:
        raise PolicyError(f"aid.yaml names interpretation {name!r} but does not define it")
    return interpretations[name]


def _ruling(block: dict | None, key: str, regulation: str,
            interpretations: dict[str, Interpretation]) -> Ruling:
    block = block or {}
    chosen = _interpreted(block.get("interpretation"), interpretations)
    if chosen is not None:
        return Ruling(chosen.choice.lower() in ("true", "allowed", "yes"),
                      cite(chosen.citation, f"interpretasi {chosen.name}"))
    if key not in block:
        raise PolicyError(f"aid.yaml rule needs `{key}` or `interpretation`: {block!r}")
    return Ruling(bool(block[key]), cite(_render(block.get("citation"), regulation)))


def _sources(block: dict, regulation: str, interpretations: dict[str, Interpretation]) -> dict[str, FundingSourceRule]:
    sources = {}
    for code, body in block.items():
        chosen = _interpreted(body.get("invoice_interpretation"), interpretations)
        invoice_citations = cite(_render(body.get("invoice_citation"), regulation),
                                 chosen.citation if chosen else None,
                                 f"interpretasi {chosen.name}" if chosen else None)
        sources[code] = FundingSourceRule(
            code=code, label=body.get("label", code), citation=_render(body.get("citation"), regulation) or "",
            invoice_recipient=body.get("invoice_recipient", "agency"), invoice_citations=invoice_citations,
            accountability=body.get("accountability"))
    return sources


def _earmark(body: dict, regulation: str, interpretations: dict[str, Interpretation]) -> Earmark:
    chosen = _interpreted(body.get("interpretation"), interpretations)
    values = body.get("values")
    if chosen is not None and values is None:
        values = (body.get("options") or {}).get(chosen.choice, [])
    return Earmark(
        source=body["source"], rule=body["rule"], values=tuple(values or ()),
        citations=cite(_render(body.get("citation"), regulation), chosen.citation if chosen else None,
                       f"interpretasi {chosen.name}" if chosen else None),
        note=str(body.get("note", "")))


def regulation_title(regency_code: str, aid: dict, base: Path | None = None) -> str:
    """aid.yaml's own `regulation.title`, else regency.yaml's."""
    title = (aid.get("regulation") or {}).get("title")
    if not title:
        regency = load_part(regency_code, "regency", base) or {}
        title = (regency.get("regulation") or {}).get("title")
    if not title:
        raise PolicyError(f"no regulation.title for regency {regency_code} (aid.yaml or regency.yaml)")
    return title


def load_aid_policy(regency_code: str, base: Path | None = None) -> AidPolicy:
    """The regency's aid.yaml, citations rendered against its regulation title."""
    data = load_part(regency_code, "aid", base)
    if data is None:
        raise PolicyError(f"no aid.yaml for regency {regency_code}")
    return AidPolicy.from_dict(data, regency_code=regency_code,
                               regulation_title=regulation_title(regency_code, data, base))
