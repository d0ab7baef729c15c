# labsite: `make run` serves the demo, `make test` runs the whole suite.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= $(shell command -v python3.13 || echo python3)
export DATABASE_URL_TEST ?= postgres://postgres@127.0.0.1:5432/labsite

.PHONY: run test lint messages check-deploy bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when a requirements file changes.
$(VENV)/.installed-runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-runtime

run: $(VENV)/.installed-runtime
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	bin/run

test: $(VENV)/.installed-dev
	DATABASE_URL=$${DATABASE_URL:-$$DATABASE_URL_TEST} $(BIN)/pytest $(PYTEST_ARGS)

# Figures for docs/performance.md (not a test): BENCH_ARGS="--users 1000" for a quick look.
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/digests.py $(BENCH_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

messages: $(VENV)/.installed-dev
	$(BIN)/python manage.py makemessages -l fr -l en --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv

check-deploy: $(VENV)/.installed-runtime
	bin/check-deploy

clean:
	rm -rf $(VENV) staticfiles .run
