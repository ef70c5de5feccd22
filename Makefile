# The two commands a new machine needs: `make run` (the demo) and `make test` (everything).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
SERVICES := scripts/services.sh

.PHONY: run test lint install services services-stop services-status bench migrate demo-data clean check-migrations messages messages-check

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/activate requirements.txt requirements-dev.txt
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

## The demo: SQLite, eager Celery, localstripe, stripe-mock and Mailpit in the background,
## http://127.0.0.1:8000 (its e-mails at http://127.0.0.1:8025)
run: install
	@scripts/run-demo.sh

## Services up, then the whole suite on PostgreSQL, Redis, Elasticsearch, localstripe, stripe-mock,
## Mailpit, the worker.
test: install services lint check-migrations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## The layers contract (setup.cfg): a lower package never imports a higher one.
lint: install
	$(BIN)/lint-imports

services: install
	$(SERVICES) start

services-stop:
	$(SERVICES) stop

services-status:
	$(SERVICES) status

check-migrations: install
	DATABASE_URL=sqlite:///:memory: $(PY) manage.py makemigrations --check --dry-run

## The message catalogues (locale/): new and changed strings in, compiled; then what lacks a
## translation (scripts/messages.py, needs gettext).
messages: install
	$(PY) scripts/messages.py update

messages-check: install
	$(PY) scripts/messages.py check

bench: install services
	@for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf .services/demo.sqlite3 .services/media
