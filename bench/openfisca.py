"""Goal 8's anchor: the same eligibility rule (Berau, vulnerable-worker facilitation, Pasal 13-16,
as bench/eligibility.py generates it) written as an OpenFisca-core tax-benefit system and
computed for the same applicants in-process, beside Lindung's batch evaluator, each in its own
process (persons per second, peak RSS over the process's RSS once the input was built).

OpenFisca computes on arrays it is given; reading CSV text is not its job. So the two sides start
from the same stage: the applicants' facts already parsed into arrays (Lindung: its `Columns`;
OpenFisca: `set_input` arrays), and each ends with the outcome of every person (eligible,
ineligible, needs information) and which conditions failed. Lindung's full path from CSV text
(parsing, NIK checks) is `python -m bench eligibility`. The three-valued logic (a missing fact
makes a condition unknown, not failed) is written into the OpenFisca formulas with -1 for
unknown, as a regency would have to; both sides' outcome counts are printed so they can be
compared. `pip install -e '.[bench]'` installs OpenFisca-core (46.x runs on Python 3.11-3.13)."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time

import numpy as np

from bench.eligibility import AS_OF, REGENCY, SCHEME, PeakRss, applicants
from bench.infra import ROOT, say

ROWS = int(os.environ.get("LINDUNG_BENCH_OPENFISCA_ROWS", 1_000_000))
MONTH = AS_OF.strftime("%Y-%m")
TRUE_TEXT = {"true": 1, "ya": 1, "false": 0, "tidak": 0, "": -1}


def _tri(cells: list[str], truth: dict[str, int]) -> np.ndarray:
    """Text cells as 1 / 0 / -1 (unknown), the facts' values OpenFisca is given."""
    uniques, inverse = np.unique(np.asarray(cells), return_inverse=True)
    return np.array([truth.get(u, 0) for u in uniques], dtype=np.int8)[inverse]


def openfisca_inputs(n: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The generated applicants as OpenFisca inputs, and which rows have an impossible NIK (those
    are `invalid` on both sides: a batch row error, not an evaluation)."""
    from eligibility.rules import BatchEvaluator, default_registry

    evaluator = BatchEvaluator(default_registry(), REGENCY, SCHEME, AS_OF)
    _names, columns = applicants(n)
    # Pasal 13(2)'s list: a listed occupation passes; otherwise the `vulnerable_worker` flag would
    # decide, which these applicants do not state, so the condition is unknown (never failed)
    listed = {v.lower() for v in evaluator.scheme.conditions[0].values}
    occupation = np.array([1 if c.lower() in listed else -1 for c in columns["occupation"]], np.int8)
    births, valid = _births(columns["nik"], columns["birth_date"])
    income = np.array([float(c) if c else np.nan for c in columns["monthly_income"]])
    umk = evaluator.ctx.umk if getattr(evaluator.ctx, "umk", None) is not None else np.nan
    return {"occupation_listed": occupation, "has_ktp": _tri(columns["has_ktp"], TRUE_TEXT),
            "domiciled": _tri(columns["domicile_regency_code"], {REGENCY: 1, "": -1}),
            "actively_working": _tri(columns["actively_working"], TRUE_TEXT),
            "non_wage_worker": _tri(columns["worker_type"], {"bpu": 1, "": -1}),
            "birth": births, "monthly_income": income, "umk": np.full(n, umk),
            "vulnerable_independent": _tri(columns["vulnerable_independent_worker"], TRUE_TEXT)}, ~valid


def _births(niks: list[str], stated: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The stated birth date, else the one the NIK encodes (day + 40 for women); NaT when impossible."""
    digits = np.array([int(nik[6:12]) for nik in niks])
    dd, mm, yy = (digits // 10_000) % 40, (digits // 100) % 100, digits % 100
    year = np.where(yy <= AS_OF.year % 100, 2000 + yy, 1900 + yy)
    text = np.char.add(np.char.add(year.astype(str), "-"), np.char.zfill(mm.astype(str), 2))
    valid = (dd >= 1) & (dd <= 31) & (mm >= 1) & (mm <= 12)
    text = np.char.add(np.char.add(text, "-"), np.char.zfill(np.where(valid, dd, 1).astype(str), 2))
    decoded = np.where(valid, text, "NaT").astype("datetime64[D]")
    given = np.array([s or "NaT" for s in stated], dtype="datetime64[D]")
    return np.where(np.isnat(given), decoded, given), valid


def _system():
    """The rule as OpenFisca variables: one per condition (1 pass, 0 fail, -1 unknown), the
    outcome (0 ineligible, 1 eligible, 2 needs information: Lindung's codes)."""
    from openfisca_core.entities import build_entity
    from openfisca_core.periods import DateUnit
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    person = build_entity(key="person", plural="persons", label="Applicant", is_person=True)

    def variable(name: str, value_type=int, formula=None):
        body = {"value_type": value_type, "entity": person, "definition_period": DateUnit.MONTH,
                "label": name, "default_value": -1 if value_type is int else np.nan}
        if formula is not None:
            body["formula"] = formula
        return type(name, (Variable,), body)

    def age_ok(p, period):
        birth = p("birth", period)
        as_of = np.datetime64(AS_OF.isoformat(), "D")
        years = as_of.astype("datetime64[Y]").astype(int) - birth.astype("datetime64[Y]").astype(int)
        had_birthday = (as_of - as_of.astype("datetime64[Y]")) >= (birth - birth.astype("datetime64[Y]"))
        age = years - (~had_birthday)
        return np.where(np.isnat(birth), -1, ((age >= 18) & (age < 65)).astype(int))

    def income_or_independent(p, period):
        income, umk = p("monthly_income", period), p("umk", period)
        below = np.where(np.isnan(income) | np.isnan(umk), -1, (income < umk).astype(int))
        independent = p("vulnerable_independent", period)
        return np.where((below == 1) | (independent == 1), 1, np.where((below == -1) | (independent == -1), -1, 0))

    def outcome(p, period):
        statuses = np.stack([p(name, period) for name in CONDITIONS])
        failed, unknown = (statuses == 0).any(0), (statuses == -1).any(0)
        return np.where(failed, 0, np.where(unknown, 2, 1))

    system = TaxBenefitSystem([person])
    for name in ("occupation_listed", "has_ktp", "domiciled", "actively_working", "non_wage_worker",
                 "vulnerable_independent"):
        system.add_variable(variable(name))
    system.add_variable(type("birth", (Variable,), {"value_type": dt.date, "entity": person, "label": "birth date",
                                                    "definition_period": DateUnit.MONTH}))
    for name in ("monthly_income", "umk"):
        system.add_variable(variable(name, float))
    system.add_variable(variable("age_ok", formula=age_ok))
    system.add_variable(variable("income_or_independent", formula=income_or_independent))
    system.add_variable(variable("outcome", formula=outcome))
    return system


CONDITIONS = ("occupation_listed", "has_ktp", "domiciled", "actively_working", "non_wage_worker", "age_ok",
              "income_or_independent")


def measure_openfisca(n: int) -> dict:
    from openfisca_core.simulations import SimulationBuilder

    system = _system()
    inputs, invalid = openfisca_inputs(n)
    with PeakRss() as rss:
        started, cpu = time.perf_counter(), time.process_time()
        simulation = SimulationBuilder().build_default_simulation(system, count=n)
        for name, values in inputs.items():
            simulation.set_input(name, MONTH, values)
        outcome = simulation.calculate("outcome", MONTH)
        failed = np.stack([simulation.calculate(c, MONTH) == 0 for c in CONDITIONS], axis=1)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    outcome = np.where(invalid, 3, outcome)  # Lindung's `invalid`: no evaluation, no failed checks
    return _figures(n, seconds, cpu, rss, outcome, int(failed[~invalid].sum()))


def measure_lindung(n: int) -> dict:
    """Lindung's evaluator from the same stage: the facts parsed into its Columns, then the rule
    with each failed condition's citation kept (BatchResult)."""
    from eligibility.rules import BatchEvaluator, default_registry
    from eligibility.rules.columnar import build_columns

    evaluator = BatchEvaluator(default_registry(), REGENCY, SCHEME, AS_OF)
    names, columns = applicants(n)
    columns_in, errors = build_columns({k: columns[k] for k in names if k != "ref"}, n, AS_OF, text=True)
    for name in (f for f in evaluator.scheme.fact_order if f != "umk"):  # parsed before the clock starts
        columns_in._column(name)
    with PeakRss() as rss:
        started, cpu = time.perf_counter(), time.process_time()
        result = evaluator.evaluate(columns_in).mark_invalid(errors)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    outcome = np.asarray(result.outcome, dtype=np.int64)
    return _figures(n, seconds, cpu, rss, outcome, int(np.asarray(result.failed).sum()))


def _figures(n: int, seconds: float, cpu: float, rss: PeakRss, outcome: np.ndarray, failed_checks: int) -> dict:
    """`cpu_seconds` too: on a shared machine wall time includes waiting for a core."""
    return {"rows": n, "seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3),
            "persons_per_second": round(n / seconds), "persons_per_cpu_second": round(n / cpu),
            "peak_rss_delta_mb": round((rss.peak - rss.baseline) / 2**20),
            "outcome_counts": {str(k): int(v) for k, v in zip(*np.unique(outcome, return_counts=True), strict=True)},
            "failed_checks": failed_checks}


def _in_subprocess(side: str, n: int) -> dict:
    say(f"openfisca anchor: {side} on {n:,} persons (own process)")
    done = subprocess.run([sys.executable, "-m", "bench.openfisca", side, str(n)], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def available() -> bool:
    try:
        import openfisca_core  # noqa: F401
    except ImportError:
        return False
    return True


def run(rows: int = ROWS, rounds: int = 3) -> dict:
    """Interleaved rounds (OpenFisca, Lindung, ...); the medians."""
    if not available():
        return {"error": "openfisca-core not installed: pip install -e '.[bench]'"}
    sides: dict[str, list[dict]] = {"openfisca": [], "lindung": []}
    for _ in range(rounds):
        for side in sides:
            sides[side].append(_in_subprocess(side, rows))
    out = {}
    for side, runs in sides.items():
        best = sorted(runs, key=lambda r: r["persons_per_second"])[len(runs) // 2]
        out[side] = best
    out["ratio"] = round(out["lindung"]["persons_per_second"] / out["openfisca"]["persons_per_second"], 2)
    out["cpu_ratio"] = round(out["lindung"]["persons_per_cpu_second"] / out["openfisca"]["persons_per_cpu_second"], 2)
    return out


if __name__ == "__main__":  # one side in this process: python -m bench.openfisca <openfisca|lindung> <rows>
    side, count = sys.argv[1], int(sys.argv[2])
    print(json.dumps({"openfisca": measure_openfisca, "lindung": measure_lindung}[side](count)))
