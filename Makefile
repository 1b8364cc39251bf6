# Aftersales — two commands: `make run` (embedded, one process) and `make test` (everything).
SHELL := /bin/bash
PYTHON ?= python3
# A standalone uv: the one on PATH, else the one importable by $(PYTHON), else a private
# venv made once (a Debian python3 is externally managed: PEP 668 refuses pip install).
UV_VENV := .cache/uv-venv
UV ?= $(shell command -v uv 2>/dev/null || { $(PYTHON) -m uv --version >/dev/null 2>&1 && echo "$(PYTHON) -m uv"; } || echo $(UV_VENV)/bin/uv)
PACKAGES := aftersales_common booking workshop parts billing crm aftersales_embedded
export UV_LINK_MODE ?= copy
FRONTENDS := $(wildcard apps/console apps/customer)

.PHONY: help install install-runtime run test lint unit integration realinfra bench bench-kafka infra-fetch schemas clean frontends e2e

help:
	@echo "make run    - the whole system on this machine (SQLite, in-process bus, demo data) on :8000"
	@echo "make test   - install, lint, unit + integration tests (real Kafka and PostgreSQL)"
	@echo "make bench  - side-by-side benchmark vs ceilings (bench/README.md; ~15 min)"

install: $(filter $(UV_VENV)/bin/uv,$(UV))
	$(UV) sync --frozen --all-packages

# What `make run` needs and no more: the packages without the development group (no test or lint
# tools); --inexact keeps tools an earlier `make test` installed.
install-runtime: $(filter $(UV_VENV)/bin/uv,$(UV))
	$(UV) sync --frozen --all-packages --no-dev --inexact

$(UV_VENV)/bin/uv:
	@$(PYTHON) -m venv $(UV_VENV) || { echo "$(PYTHON) -m venv failed: install Python's venv (Debian: apt-get install python3-venv)"; exit 1; }
	$(UV_VENV)/bin/pip install --quiet --disable-pip-version-check uv

# The web frontends (staff console at /, customer web at /m/), rebuilt only when their sources changed.
frontends:
	@for app in $(FRONTENDS); do bash scripts/build_frontend.sh $$app || exit 1; done

run: install-runtime frontends
	$(UV) run --frozen --no-sync python -m aftersales_embedded

lint: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen mypy $(addprefix -p ,$(PACKAGES))
	$(UV) run --frozen lint-imports

unit: install
	$(UV) run --frozen pytest libs services -q

infra-fetch:
	bash scripts/infra/kafka.sh fetch
	bash scripts/infra/postgres.sh install
	bash scripts/infra/seaweedfs.sh install
	bash scripts/infra/wrk.sh install

integration: install infra-fetch
	$(UV) run --frozen pytest tests/integration -q

# Browser tests: Debian's Chromium, the frontends' unit tests, Playwright against a fresh server.
e2e: install frontends
	bash tests/e2e/run.sh

test: lint infra-fetch
	$(UV) run --frozen pytest libs services tests/integration -q
	$(MAKE) e2e

# Every contender side by side in one run (wrk, ceilings, relay, lifecycles); the table goes to
# bench/README.md. Rows or a shorter run: uv run --frozen python bench/run.py --only a,b --duration 5
bench: install infra-fetch
	$(UV) run --frozen python bench/run.py --write-readme

schemas: install
	$(UV) run --frozen python scripts/export_schemas.py docs/events/schemas

clean:
	rm -rf data .cache/kafka-run .pytest_cache .mypy_cache .ruff_cache
