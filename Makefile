# `make demo` and `make test` set everything up on a fresh machine, then run.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup demo test bench

setup:
	@bash scripts/setup.sh

demo: setup
	$(VENV)/bin/mobicrawl demo

test: setup
	$(PY) -m pytest -q

bench: setup
	$(PY) benchmarks/crawl_speed.py
