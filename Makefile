# Arena: every developer task starts here. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
# Python >= 3.12: a python3.13/python3.12 that runs, else one of pyenv's, else a clear error.
PYTHON ?= $(shell for c in python3.13 python3.12; do \
	  if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then command -v $$c; exit 0; fi; done; \
	  for p in $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.13*/bin/python3.13 $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.12*/bin/python3.12; do \
	  if [ -x "$$p" ]; then echo $$p; exit 0; fi; done)
ARENA := $(BIN)/arena
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/arena

.PHONY: help demo run worker collectstatic serve-prod test test-sqlite test-postgres test-e2e lint fmt types messages bench clean python

help:  ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

python:
	@if [ -z "$(PYTHON)" ]; then \
	  echo "Arena needs Python 3.12 or newer: install python3.12 or python3.13 (or pyenv install 3.12), or run make PYTHON=/path/to/python3.12" >&2; exit 1; fi

$(STAMP): pyproject.toml | python
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)  ## Create .venv and install Arena with its development tools

demo: $(STAMP) compile-messages  ## Set up SQLite with reference and demo data, then serve on http://127.0.0.1:8000
	$(ARENA) migrate --no-input -v 0
	$(ARENA) load-reference
	$(ARENA) load-knowledge
	$(ARENA) load-demo
	$(ARENA) build-match-index
	@mkdir -p var
	@echo "Background tasks run in a worker beside the server (log: var/worker.log)."
	@trap 'kill 0' EXIT INT TERM; $(ARENA) db_worker > var/worker.log 2>&1 & \
	  $(ARENA) runserver $(HOST):$(PORT)

run: $(STAMP) compile-messages  ## Serve the development site (migrations applied first)
	$(ARENA) migrate --no-input -v 0
	$(ARENA) runserver $(HOST):$(PORT)

worker: $(STAMP)  ## Process background tasks from the database queue
	$(ARENA) db_worker

collectstatic: $(STAMP) compile-messages  ## Gather hashed, compressed static files into ARENA_STATIC_ROOT (var/static)
	$(ARENA) collectstatic --no-input -v 0

# Production reads ARENA_ENV=production, ARENA_SECRET_KEY, ARENA_SITE_URL, ARENA_ALLOWED_HOSTS and
# DATABASE_URL from the environment (docs/operations.md); run `make worker` beside it.
serve-prod: collectstatic  ## Production: collectstatic, then gunicorn on $(HOST):$(PORT) (docs/operations.md)
	@if [ "$$ARENA_ENV" != "production" ]; then \
	  echo "make serve-prod needs ARENA_ENV=production and its settings (docs/operations.md)" >&2; exit 1; fi
	ARENA_BIND=$${ARENA_BIND:-$(HOST):$(PORT)} exec $(BIN)/gunicorn -c python:arena.settings.gunicorn

lint: $(STAMP)  ## ruff, import layers, template and catalogue checks
	$(BIN)/ruff check src tests tools bench
	$(BIN)/ruff format --check src tests tools bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/python tools/check_templates.py
	$(BIN)/python tools/check_messages.py

types: $(STAMP)  ## mypy (strict on services, selectors and engines)
	$(BIN)/mypy

fmt: $(STAMP)  ## Format and autofix
	$(BIN)/ruff format src tests tools bench
	$(BIN)/ruff check --fix src tests tools bench

messages: $(STAMP)  ## Update both gettext catalogues from the source and compile them
	cd src/arena && ../../$(ARENA) makemessages -l sv -l en --no-obsolete --no-location --ignore 'static/*'
	$(BIN)/python tools/fill_english_catalogue.py
	$(BIN)/python tools/compile_messages.py

compile-messages: $(STAMP)
	@$(BIN)/python tools/compile_messages.py

test-sqlite: $(STAMP) compile-messages  ## The whole suite on SQLite (browser tests included)
	$(BIN)/pytest

test-postgres: $(STAMP) compile-messages  ## The whole suite on PostgreSQL (ARENA_TEST_DATABASE_URL or the local server)
	@url=$${ARENA_TEST_DATABASE_URL:-$(PG_TEST_URL)}; \
	if $(BIN)/python tools/db_answers.py "$$url"; then \
	  ARENA_TEST_DATABASE_URL=$$url $(BIN)/pytest; \
	else echo "PostgreSQL does not answer at $$url: the PostgreSQL run is skipped"; \
	  if [ -n "$$CI" ]; then exit 1; fi; fi

test: lint types test-sqlite test-postgres  ## Lint, type checks, and the whole suite on SQLite and PostgreSQL

bench: $(STAMP)  ## Benchmarks (figures with the machine they ran on); BENCH_QUICK=1 for short runs
	$(BIN)/python bench/run.py
	$(BIN)/python bench/matching.py $(if $(BENCH_QUICK),--quick)
	$(BIN)/python bench/matching_quality.py --preset $(if $(BENCH_QUICK),quick,full)
	$(BIN)/python bench/scheduling.py $(if $(BENCH_QUICK),--quick)

.PHONY: bench-vectors
bench-vectors: $(STAMP)  ## pgvector store and SQL nearest neighbours against numpy (needs pgvector: tools/install-pgvector.sh)
	$(BIN)/python bench/vector_store.py

.PHONY: bench-load
bench-load: $(STAMP) compile-messages  ## Load test on loopback: PostgreSQL, 10x demo, production gunicorn, locust (bench/load/)
	$(BIN)/python -m pip install --quiet -e '.[dev,load]'
	$(BIN)/python bench/load/run.py

clean:  ## Remove the virtualenv and local databases
	rm -rf $(VENV) var
