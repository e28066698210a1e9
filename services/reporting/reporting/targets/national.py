"""National coverage targets (profiles/national/targets.yaml through the kernel), shown beside the
regency's own UCJ target: on the dashboard's target card, in the periodic report's summary and by
`GET /v1/targets/national`. Never part of the `/v1/coverage` answer (docs/API.md §10 holds it exactly)."""
from __future__ import annotations

import datetime as dt

from reporting.profile_parts import NationalTarget, NationalTargetsPart
from reporting.reports.data import NationalTargetLine
from reporting.reports.formatting import percent
from shared.regulation import profile_cache, profiles

BASIS = {"reported": "dilaporkan", "regulation": "menurut"}


@profile_cache
def national_targets() -> tuple[NationalTarget, ...]:
    raw = profiles().national_part("targets")
    return tuple(NationalTargetsPart.model_validate(raw).targets) if raw else ()


def in_force(on: dt.date) -> list[NationalTarget]:
    return [t for t in national_targets() if t.in_force(on)]


def line(target: NationalTarget) -> NationalTargetLine:
    """`Target nasional (RPJMN 2020-2024)`: `52 % pada 2024 - dilaporkan Bisnis.com, 15 November 2021`."""
    return NationalTargetLine(target.label, f"{percent(target.value_percent, 0)} pada {target.target_year} - "
                                            f"{BASIS[target.basis]} {target.source}")


def lines(on: dt.date) -> tuple[NationalTargetLine, ...]:
    return tuple(line(t) for t in in_force(on))


def answer(on: dt.date) -> dict:
    """The `GET /v1/targets/national` answer: every target in force on `on`, with its sources."""
    return {"as_of": on, "targets": [{**t.model_dump(by_alias=True), "text": line(t).text} for t in in_force(on)]}
