"""National contribution amounts, read from `profiles/national/contributions.yaml`.

Every rate and amount is a dated parameter there (national rules, Berau Pasal 20(1)); this module only knows how
the kinds of parameter (flat amount, percent of declared income, percent of wage split by
payer, contract-value bands, migrant packages) turn into rupiah.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, NamedTuple

from shared.regulation import Dated, dated_list, profile_cache, profiles_at, value_on

from .outcomes import cite, rupiah

WORKER_SECTIONS = {"bpu": "bpu", "pu": "wage_earner"}
HUNDRED = Decimal(100)


class ParameterError(ValueError):
    """A contribution cannot be computed: no parameter in force, or a needed fact is missing."""


@dataclass(frozen=True)
class ContributionLine:
    program: str
    payer: str
    amount: int
    basis: str  # how the amount was reached, in Indonesian, for people
    citation: str


class ContributionQuote(NamedTuple):
    """Unpacks as `(amount, breakdown, citations)`."""

    amount: int
    breakdown: tuple[ContributionLine, ...]
    citations: tuple[str, ...]


def percent(value: Any) -> Decimal:
    return Decimal(str(value))


def percent_of(base: int, rate_percent: Decimal) -> int:
    """Whole rupiah, half up (interpretation `rounding` in contributions.yaml)."""
    return int((Decimal(base) * rate_percent / HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _quote(lines: Iterable[ContributionLine], extra_citations: Iterable[str] = ()) -> ContributionQuote:
    lines = tuple(lines)
    return ContributionQuote(sum(line.amount for line in lines), lines,
                             cite(*(line.citation for line in lines), *extra_citations))


def _dated_section(section: dict[str, list[dict]] | None) -> dict[str, list[Dated[Any]]]:
    return {key: dated_list(entries, regulation="") for key, entries in (section or {}).items()}


@dataclass(frozen=True)
class ContributionParameters:
    sections: dict[str, dict[str, list[Dated[Any]]]]  # bpu / wage_earner -> programme -> history
    wage_caps: dict[str, list[Dated[Any]]]
    construction: dict[str, list[Dated[Any]]]
    migrant: list[Dated[Any]]
    interpretations: dict[str, dict]

    @classmethod
    def from_dict(cls, data: dict) -> ContributionParameters:
        return cls(
            sections={name: _dated_section(data.get(name)) for name in WORKER_SECTIONS.values()},
            wage_caps=_dated_section(data.get("wage_caps")),
            construction=_dated_section(data.get("construction")),
            migrant=dated_list(data.get("migrant") or [], regulation=""),
            interpretations=dict(data.get("interpretations") or {}),
        )

    # -- lookups ---------------------------------------------------------------------------
    def entry(self, worker_type: str, program: str, as_of: dt.date) -> Dated[Any]:
        section = self.sections.get(WORKER_SECTIONS.get(worker_type, ""), None)
        if section is None:
            raise ParameterError(f"jenis pekerja tidak dikenal / unknown worker type: {worker_type!r}")
        found = value_on(section.get(program, []), as_of)
        if found is None:
            raise ParameterError(f"tidak ada tarif {program} untuk {worker_type} pada {as_of} / no {program} "
                                 f"rate for {worker_type} in force on {as_of}")
        return found

    def wage_cap(self, name: str, as_of: dt.date) -> Dated[Any] | None:
        return value_on(self.wage_caps.get(name, []), as_of)

    # -- monthly contributions -------------------------------------------------------------
    def monthly_contribution(self, programs: Iterable[str], as_of: dt.date, worker_type: str,
                             declared_income: int | None = None, *,
                             risk_group: str | None = None) -> ContributionQuote:
        """The monthly contribution for `programs` on `as_of`, with a line per programme and
        payer. BPU without a declared income pays the lowest tier."""
        programs = list(dict.fromkeys(programs))
        if worker_type == "bpu":
            return _quote(self._bpu_line(p, as_of, declared_income) for p in programs)
        if worker_type == "pu":
            return self._wage_earner_quote(programs, as_of, declared_income, risk_group)
        raise ParameterError(f"jenis pekerja tidak dikenal / unknown worker type: {worker_type!r}")

    def _bpu_line(self, program: str, as_of: dt.date, income: int | None) -> ContributionLine:
        entry = self.entry("bpu", program, as_of)
        rule = entry.value
        if rule["basis"] == "flat":
            return ContributionLine(program, rule["payer"], int(rule["amount"]), "nominal tetap", str(entry.citation))
        if income is None:
            if rule.get("min_amount") is None:
                raise ParameterError(f"{program} BPU memerlukan penghasilan / needs declared_income")
            amount, basis = int(rule["min_amount"]), "tingkat penghasilan terendah"
        else:
            amount = percent_of(income, percent(rule["rate_percent"]))
            amount = _clamp(amount, rule.get("min_amount"), rule.get("max_amount"))
            basis = f"{rule['rate_percent']}% dari penghasilan {rupiah(income)}"
        return ContributionLine(program, rule["payer"], amount, basis, str(entry.citation))

    def _wage_earner_quote(self, programs: list[str], as_of: dt.date, wage: int | None,
                           risk_group: str | None) -> ContributionQuote:
        if wage is None:
            raise ParameterError("pekerja penerima upah memerlukan upah / wage earners need declared_income (wage)")
        recomposed = self._recomposition(programs, as_of)
        lines: list[ContributionLine] = []
        caps: list[str] = []
        for program in programs:
            entry = self.entry("pu", program, as_of)
            base, cap_citation = self._wage_base(entry.value, wage, as_of)
            caps.extend([cap_citation] if cap_citation else [])
            rates = self._payer_rates(program, entry.value, risk_group)
            rates = _minus_recomposed(rates, recomposed.get(program))
            for payer, rate in rates.items():
                lines.append(ContributionLine(program, payer, percent_of(base, rate),
                                              f"{rate}% dari upah {rupiah(base)}", str(entry.citation)))
            if program == "JKP":
                lines.extend(self._recomposed_lines(recomposed, wage, as_of, str(entry.citation)))
        return _quote(lines, caps)

    def _recomposition(self, programs: list[str], as_of: dt.date) -> dict[str, Decimal]:
        """JKP is funded partly out of JKK/JKM (interpretation `jkp_recomposition`)."""
        if "JKP" not in programs:
            return {}
        moved = {k: percent(v) for k, v in (self.entry("pu", "JKP", as_of).value.get("recomposed_from") or {}).items()}
        missing = [source for source in moved if source not in programs]
        if missing:
            raise ParameterError(f"JKP memerlukan program {', '.join(missing)} / JKP needs {missing}")
        return moved

    def _recomposed_lines(self, recomposed: dict[str, Decimal], wage: int, as_of: dt.date,
                          citation: str) -> list[ContributionLine]:
        """The part moved out of JKK/JKM is a share of *their* wage base, so the employer's
        total stays what it was before JKP existed."""
        lines = []
        for source, rate in recomposed.items():
            base, _ = self._wage_base(self.entry("pu", source, as_of).value, wage, as_of)
            lines.append(ContributionLine("JKP", "employer", percent_of(base, rate),
                                          f"rekomposisi {rate}% dari iuran {source}", citation))
        return lines

    def _payer_rates(self, program: str, rule: dict, risk_group: str | None) -> dict[str, Decimal]:
        if "by_risk_group" in rule:
            groups = rule["by_risk_group"]
            if risk_group not in groups:
                raise ParameterError(f"{program} memerlukan kelompok risiko {sorted(groups)} / needs risk_group")
            return {rule["payer"]: percent(groups[risk_group])}
        return {payer: percent(rate) for payer, rate in rule["shares"].items()}

    def _wage_base(self, rule: dict, wage: int, as_of: dt.date) -> tuple[int, str | None]:
        cap_name = rule.get("wage_cap")
        cap = self.wage_cap(cap_name, as_of) if cap_name else None
        if cap is None or wage <= int(cap.value):
            return wage, None
        return int(cap.value), str(cap.citation)

    # -- construction and migrant workers ------------------------------------------------
    def construction_contribution(self, contract_value: int, as_of: dt.date) -> ContributionQuote:
        """JKK + JKM on a construction contract value, band rate per slice (Permenaker 44/2015)."""
        lines = []
        for program, history in self.construction.items():
            entry = value_on(history, as_of)
            if entry is None:
                raise ParameterError(f"tidak ada tarif konstruksi {program} pada {as_of}")
            amount = _banded(contract_value, entry.value["bands"])
            lines.append(
                ContributionLine(
                    program,
                    "employer",
                    amount,
                    f"tarif per lapis nilai kontrak {rupiah(contract_value)}",
                    str(entry.citation),
                )
            )
        return _quote(lines)

    def migrant_contribution(self, phase: str, as_of: dt.date, months: int | None = None) -> ContributionQuote:
        """PMI JKK + JKM: `before_placement`, `placement` (a package of 6/12/24 months) or
        `extension` (extra months)."""
        entry = value_on(self.migrant, as_of)
        if entry is None:
            raise ParameterError(f"tidak ada iuran PMI pada {as_of}")
        rule = entry.value
        if phase == "before_placement":
            amount, basis = int(rule["before_placement"]), "sebelum penempatan"
        elif phase == "placement":
            packages = {int(k): int(v) for k, v in rule["placement_packages"].items()}
            if months not in packages:
                raise ParameterError(f"paket penempatan harus {sorted(packages)} bulan / placement months")
            amount, basis = packages[months], f"selama dan setelah penempatan {months} bulan"
        elif phase == "extension" and months and months > 0:
            amount, basis = months * int(rule["extra_month"]), f"perpanjangan {months} bulan"
        else:
            raise ParameterError(f"fase PMI tidak dikenal / unknown migrant phase {phase!r}")
        return _quote([ContributionLine("JKK+JKM", "participant", amount, basis, str(entry.citation))])


def _clamp(amount: int, low: Any, high: Any) -> int:
    if low is not None:
        amount = max(amount, int(low))
    if high is not None:
        amount = min(amount, int(high))
    return amount


def _minus_recomposed(rates: dict[str, Decimal], moved: Decimal | None) -> dict[str, Decimal]:
    """Take the recomposed part out of the employer's share of JKK/JKM."""
    if moved is None:
        return rates
    return {payer: (rate - moved if payer == "employer" else rate) for payer, rate in rates.items()}


def _banded(value: int, bands: list[dict]) -> int:
    total, lower = Decimal(0), 0
    for band in bands:
        upper = band.get("up_to")
        top = value if upper is None else min(value, int(upper))
        if top > lower:
            total += Decimal(top - lower) * percent(band["rate_percent"]) / HUNDRED
        if upper is None or value <= int(upper):
            break
        lower = int(upper)
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@profile_cache(maxsize=8)
def load_contribution_parameters(base: Path | None = None) -> ContributionParameters:
    return ContributionParameters.from_dict(profiles_at(base).national_part("contributions"))


def monthly_contribution(programs: Iterable[str], as_of: dt.date, worker_type: str,
                         declared_income: int | None = None, *, risk_group: str | None = None,
                         parameters: ContributionParameters | None = None) -> ContributionQuote:
    """`(amount, breakdown, citations)` from the national parameters in force on `as_of`."""
    parameters = parameters or load_contribution_parameters()
    return parameters.monthly_contribution(programs, as_of, worker_type, declared_income, risk_group=risk_group)
