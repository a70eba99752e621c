# kb - make targets. `make help` lists them.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
export KB_HOME ?= $(CURDIR)

.DEFAULT_GOAL := help
.PHONY: help run index test test-all check lint format types bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

$(VENV)/.run-stamp: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-stamp: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.run-stamp

index: $(VENV)/.run-stamp  ## build or update the index from corpus/
	$(PY) -m kbcli index

run: $(VENV)/.run-stamp  ## set up, index corpus/ if needed, serve the app on http://localhost:$(PORT)
	$(PY) -m kbcli index || true
	$(PY) -m kbcli serve --port $(PORT)

test: $(VENV)/.test-stamp  ## set up with test extras and run the whole test suite
	$(PY) -m pytest

test-all: $(VENV)/.test-stamp  ## the suite including slow tests (crash rounds, load)
	$(PY) -m pytest -m "slow or not slow"

lint: $(VENV)/.test-stamp  ## ruff lint and format check
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.test-stamp  ## apply ruff formatting and safe fixes
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

types: $(VENV)/.test-stamp  ## mypy on kb/ and ingest/
	$(PY) -m mypy

check: lint types test  ## lint, types and tests

$(VENV)/.bench-stamp: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,bench]"
	touch $@ $(VENV)/.test-stamp $(VENV)/.run-stamp

SCALES ?= 1000 10000
bench: $(VENV)/.bench-stamp  ## relevance, ingest and search benchmarks (tables + JSON); SCALES="1000 10000 100000"
	$(PY) bench/relevance/run.py
	$(PY) bench/ingest_speed.py --sizes $(SCALES)
	$(PY) bench/search_speed.py --sizes $(SCALES)

clean:  ## remove the virtualenv, caches and the derived index
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache index/gen-* index/CURRENT
