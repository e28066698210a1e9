# Lindung: one command to run the system, one to test it (see README.md).
# the newest supported interpreter that runs here (3.13, 3.12, 3.11); `make PYTHON=python3.12 ...` chooses
PYTHON ?= $(firstword $(foreach v,3.13 3.12 3.11,$(shell python$(v) -c 'import sys' >/dev/null 2>&1 && echo python$(v))) python3)
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run demo test lint bench bench-one install clean-data check-pythons

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	@touch $(BENCH_STAMP)

## run the whole system locally: embedded PostgreSQL + tansu broker + five services (DEMO=1 loads demo data)
run: $(STAMP)
	$(PY) -m shared.devstack run $(if $(DEMO),--demo,)

demo: $(STAMP)
	$(PY) -m shared.devstack run --demo

## lint: ruff with the rules in pyproject.toml ([tool.ruff]); `make lint FIX=1` applies the safe fixes
lint: $(STAMP)
	$(VENV)/bin/ruff check $(if $(FIX),--fix,) .

## run the whole test suite (lint first; starts its own PostgreSQL and broker on free ports)
test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

## benchmarks: one table of every hot path beside its anchor, measured in the same run (BENCH=quick: a few minutes;
## ONLY=clearance,registry,allocation,bpjs,openfisca: some sections; LINDUNG_BENCH_FLAMEGRAPHS=1: py-spy SVGs)
bench: $(BENCH_STAMP)
	$(PY) -m bench.table --size $(or $(BENCH),full) $(if $(ONLY),--only $(ONLY),)

## one detailed benchmark with all its figures: `make bench-one NAME=clearance`
bench-one: $(BENCH_STAMP)
	$(PY) -m bench $(NAME)

clean-data:
	rm -rf var/

## Python 3.11-3.13: every source byte-compiled by each interpreter found here (UNIT=1: also the unit tests
## in .venv-<version>); tests/unit/shared/test_python_versions.py runs the byte-compile part in `make test`
check-pythons: $(STAMP)
	$(PY) -m shared.ops.pythons $(if $(UNIT),--unit,)
