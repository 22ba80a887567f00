# `make demo` and `make test` set everything up on a fresh machine, then run.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup demo lint test bench

setup:
	@bash scripts/setup.sh

demo: setup
	$(VENV)/bin/mobicrawl demo

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

test: lint
	$(PY) -m pytest -q -n 2 --durations=15

bench: setup
	$(PY) -m pip install -q --disable-pip-version-check -e '.[bench]'
	$(PY) benchmarks/crawl_speed.py
