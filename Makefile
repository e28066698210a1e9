# Lindung: one command to run the system, one to test it (see README.md).
PYTHON ?= python3.11
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run demo test bench install clean-data

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

## run the whole system locally: embedded PostgreSQL + tansu broker + five services (DEMO=1 loads demo data)
run: $(STAMP)
	$(PY) -m shared.devstack run $(if $(DEMO),--demo,)

demo: $(STAMP)
	$(PY) -m shared.devstack run --demo

## run the whole test suite (starts its own PostgreSQL and broker on free ports)
test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

## benchmarks: prints the figures
bench: $(STAMP)
	$(PY) -m bench $(BENCH_ARGS)

clean-data:
	rm -rf var/
