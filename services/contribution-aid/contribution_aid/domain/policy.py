"""A regency's aid rules, from `aid.yaml` as the regulation kernel validated it (model:
contribution_aid/profile_parts.py; JSON Schema: profiles/schema/aid.schema.json).

Every `citation` is read against regency.yaml's regulation title (the only place it is written):
  aided_programs: {programs: [JKK, JKM], citation}
  aided_schemes: {<scheme id>: {citation}}
  fiscal_capacity / approved_evaluation / funding_article: {citation}
  funding_sources: {<source>: {label, citation, invoice_recipient: agency|company|village|province,
                    invoice_citation | invoice_interpretation, payment_citation?, accountability?}}
  earmarks: [{source, rule: schemes|village_kind|own_village|payer_kind, values: [...],
              citation | interpretation, note?}]
  co_financing: {allowed: bool, citation} | {interpretation: <name>}
  months_within_fiscal_year: {value: bool, citation} | {interpretation: <name>}
  stopping: {citation, release_interpretation,
             requirements_citation?, interpretation?, verification_interval_months?, notify?}
  decrees: {recipient_list_citation, changes_citation, change_kinds, ranking?: {citation}}
  accountability: {<pack kind>: {citation, documents: [{code, label, citation}]}}
  palm_oil: see palm_oil.py (Sambas only)
  interpretations: {<name>: {choice, note, citation}}
A rule given as `interpretation: <name>` takes its value from that interpretation's `choice`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shared.regulation import Citation, Profiles, profiles_at

from .outcomes import cite


class PolicyError(ValueError):
    """The regency's aid profile is missing or malformed."""


# A yes/no interpretation reads exactly these choices; anything else (a typo) is a profile error,
# never a silent "no" that drops a legal restriction on public money.
YES_NO = {True: True, False: False, "true": True, "false": False, "allowed": True, "not_allowed": False}


@dataclass(frozen=True)
class Interpretation:
    name: str
    choice: Any  # as written in aid.yaml (the kernel checked it is present)
    note: str
    citation: str | None

    def yes_no(self) -> bool:
        if isinstance(self.choice, str) and self.choice in YES_NO:
            return YES_NO[self.choice]
        raise PolicyError(f"interpretation {self.name}: choice {self.choice!r} must be one of "
                          f"{sorted(k for k in YES_NO if isinstance(k, str))}")


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
    # termination reason id -> its ground, from registry.yaml `termination.reasons` (the one home
    # of the reasons; aid.yaml `stopping` cites only the article that stops the payment)
    reason_citations: dict[str, str | None] = field(default_factory=dict)

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
    def from_dict(cls, data: dict, *, regency_code: str, regulation_title: str,
                  termination_reasons: list[dict] | tuple = ()) -> AidPolicy:
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
            earmarks=tuple(filter(None, (_earmark(e, regulation_title, interpretations)
                                         for e in data.get("earmarks") or ()))),
            co_financing=_ruling(data.get("co_financing"), "allowed", regulation_title, interpretations),
            months_within_fiscal_year=_ruling(data.get("months_within_fiscal_year"), "value",
                                              regulation_title, interpretations),
            interpretations=interpretations,
            raw=data,
            reason_citations={r["id"]: _render(r.get("citation"), regulation_title) for r in termination_reasons},
        )


def _render(text: str | None, regulation: str) -> str | None:
    return str(Citation.parse(text, regulation=regulation)) if text else None


def _citation_of(data: dict, key: str, regulation: str) -> str:
    return _render((data.get(key) or {}).get("citation"), regulation) or ""


def _interpretations(block: dict, regulation: str) -> dict[str, Interpretation]:
    return {name: Interpretation(name, body.get("choice"), str(body.get("note", "")).strip(),
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
        return Ruling(chosen.yes_no(), cite(chosen.citation, f"interpretasi {chosen.name}"))
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


def _earmark(body: dict, regulation: str, interpretations: dict[str, Interpretation]) -> Earmark | None:
    chosen = _interpreted(body.get("interpretation"), interpretations)
    values = body.get("values")
    if chosen is not None and values is None and body.get("options") is not None:
        options = body["options"]
        if chosen.choice not in options:
            raise PolicyError(f"earmark of {body.get('source')}: interpretation {chosen.name} chooses "
                              f"{chosen.choice!r}, which is not one of its options {sorted(options)}")
        values = options[chosen.choice]
    elif chosen is not None and values is None and not chosen.yes_no():
        return None  # a yes/no interpretation switches a value-less rule (e.g. own_village) off
    return Earmark(
        source=body["source"], rule=body["rule"], values=tuple(values or ()),
        citations=cite(_render(body.get("citation"), regulation), chosen.citation if chosen else None,
                       f"interpretasi {chosen.name}" if chosen else None),
        note=str(body.get("note", "")))


def load_aid_policy(regency_code: str, base: Path | None = None, *, loaded: Profiles | None = None) -> AidPolicy:
    """The regency's aid.yaml, citations rendered against its regulation title."""
    regency = (loaded or profiles_at(base)).regency(regency_code)
    if regency is None or not regency.has("aid"):
        raise PolicyError(f"no aid.yaml for regency {regency_code}")
    reasons = ((regency.part("registry") or {}).get("termination") or {}).get("reasons") or ()
    return AidPolicy.from_dict(regency.part("aid"), regency_code=regency_code, regulation_title=regency.title,
                               termination_reasons=reasons)
