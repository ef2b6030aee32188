# Two commands matter: `make run` starts the whole system on the embedded stack,
# `make test` runs the whole suite against the real PostgreSQL and the real broker.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PACKAGES := -e shared -e infra \
	-e services/aanvraag -e services/toekenning -e services/verantwoording -e services/notificatie

CHECKS := infra/contract-checks

.PHONY: install browser acl contract-checks run test demo chaos bench schemas lint clean

install: $(STAMP)

$(STAMP): constraints.txt requirements-dev.txt shared/pyproject.toml infra/pyproject.toml services/*/pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -r requirements-dev.txt $(PACKAGES)
	@touch $(STAMP)

run: install acl       ## the embedded stack and all four services; Ctrl-C stops everything
	$(BIN)/allianties run

browser:               ## Debian's chromium, for the test of the auditor's page (needs root, as on our machines)
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

acl:                   ## as root, Debian's setfacl: the embedded PostgreSQL's user may pass through private folders (README)
	@[ "$$(id -u)" != 0 ] || command -v setfacl >/dev/null || { apt-get update -qq && apt-get install -y -qq acl >/dev/null; }

contract-checks: $(CHECKS)/node_modules/.installed  ## the standards' own checkers from npm (the AsyncAPI parser, Spectral for OpenAPI), pinned by package-lock.json

$(CHECKS)/node_modules/.installed: $(CHECKS)/package.json $(CHECKS)/package-lock.json
	npm ci --prefix $(CHECKS) --no-audit --no-fund --loglevel=error
	@touch $@

test: install browser acl contract-checks  ## import contracts, then the whole suite on real PostgreSQL and Kafka (Tansu)
	$(BIN)/ruff check shared infra services tests bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest

demo: install          ## a realistic scenario against a running `make run`
	$(BIN)/allianties demo

chaos: install         ## the demo on a stack of its own, two processes per service, while processes are killed; then nothing lost or doubled
	$(BIN)/allianties chaos $(CHAOS_ARGS)

bench: install         ## event store vs the eventsourcing library, then a replay of 1,000,000 events; writes bench/results.json
	$(BIN)/python -m bench

schemas: install       ## JSON Schema of every version of every event type, AsyncAPI per topic, into schemas/
	$(BIN)/allianties schemas --out schemas

lint: install
	$(BIN)/ruff check shared infra services tests bench

clean:
	rm -rf $(VENV) $(CHECKS)/node_modules
