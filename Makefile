# labsite: `make run` serves the demo, `make test` runs the whole suite.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# Python 3.13, whatever it is called here: python3.13 on the PATH (pyenv's shim
# included), else python3 if that is 3.13. bin/require-python says what to do if neither.
PYTHON ?= $(shell command -v python3.13 2>/dev/null || command -v python3 2>/dev/null || echo python3.13)
export DATABASE_URL_TEST ?= postgres://postgres@127.0.0.1:5432/labsite
PORT ?= 8000
export PORT

.PHONY: run test oidc-provider axe-core lint typecheck lock messages check-deploy bench bench-scale rehearse bandit audit loadtest clean

$(BIN)/python:
	@bin/require-python "$(PYTHON)"
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

# requirements.txt and requirements-dev.txt are locks (every package pinned, with
# hashes): pip refuses anything else. Reinstall only when a lock changes.
$(VENV)/.installed-runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	touch $@ $(VENV)/.installed-runtime

run: $(VENV)/.installed-runtime
	@$(BIN)/python bin/preflight
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	bin/run

# The test OpenID Provider (oidc/: the npm package oidc-provider under Node, see docs/identity.md):
# a dependency of the single sign-on tests only, never of the site. Reinstall only when its lock changes.
OIDC_PROVIDER := oidc/node_modules/.package-lock.json
$(OIDC_PROVIDER): oidc/package.json oidc/package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: apt-get install nodejs npm (Node 18 or later)" >&2; exit 1; }
	npm ci --prefix oidc --no-audit --no-fund --loglevel=error
	touch $@

oidc-provider: $(OIDC_PROVIDER)

# axe-core (a11y/), which the browser tests inject to check each page's accessibility
# (core/tests/browser.py: assert_accessible): a test dependency only. Reinstall only when its lock changes.
AXE_CORE := a11y/node_modules/.package-lock.json
$(AXE_CORE): a11y/package.json a11y/package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: apt-get install nodejs npm (Node 18 or later)" >&2; exit 1; }
	npm ci --prefix a11y --no-audit --no-fund --loglevel=error
	touch $@

axe-core: $(AXE_CORE)

test: $(VENV)/.installed-dev $(OIDC_PROVIDER) $(AXE_CORE)
	DATABASE_URL=$${DATABASE_URL:-$$DATABASE_URL_TEST} $(BIN)/pytest $(PYTEST_ARGS)

# Rewrite the locks from requirements.in and requirements-dev.in (needs the package index).
lock: $(VENV)/.installed-dev
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
	  --no-emit-find-links -o requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
	  --no-emit-find-links -o requirements-dev.txt requirements-dev.in

# Figures for docs/performance.md (not a test): BENCH_ARGS="--users 1000" for a quick look.
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/digests.py $(BENCH_ARGS)

# Every list, count, search and page on a lab of a million projects (issue 14; not a test):
# builds labsite_scale (minutes), then prints the table and the targets. BENCH_SCALE_ARGS="--projects
# 100000" for a quick look, "--keep" to reuse the lab, "--tuned" for the production PostgreSQL settings.
bench-scale: $(VENV)/.installed-dev
	$(BIN)/python bench/scale.py $(BENCH_SCALE_ARGS)

# The production shape on this machine (nginx, two gunicorn, two workers, beat), checked:
# a few minutes; the figures go to docs/operations.md.
rehearse: $(VENV)/.installed-dev
	$(BIN)/python bin/rehearse

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# mypy with django-stubs on the scope [tool.mypy] names in pyproject.toml.
typecheck: $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=labsite.settings.test $(BIN)/mypy

# bandit, configured in pyproject.toml: the application (bin/'s Python scripts included) with every
# check on, each finding fixed or explained where it stands (`# nosec BXXX  # why`); then the tests,
# which may use the public demo password (B105-B107), seeded random data (B311) and start fixed
# commands without a shell (B404, B603, B607); their asserts are pytest's (assert_used.skips).
BIN_SCRIPTS := bin/clock-check bin/layers bin/preflight bin/rehearse bin/smoke-run bin/started bin/loadtest \
	bin/advisories-reachable
bandit: $(VENV)/.installed-dev
	$(BIN)/bandit -c pyproject.toml -q -r . $(BIN_SCRIPTS) -x '*/tests/*,./conftest.py'
	$(BIN)/bandit -c pyproject.toml -q -r $(wildcard */tests) conftest.py -s B105,B106,B107,B311,B404,B603,B607

# Known vulnerabilities in the locked packages (PyPI's advisory data: needs the network). --strict:
# a package it cannot look up fails the audit rather than passing unchecked.
audit: $(VENV)/.installed-dev
	$(BIN)/pip-audit --strict --require-hashes --disable-pip --progress-spinner off -r requirements.txt
	$(BIN)/pip-audit --strict --require-hashes --disable-pip --progress-spinner off -r requirements-dev.txt

# 50 signed-in users on gunicorn for 2 minutes, then PostgreSQL restarted under load (figures for
# docs/performance.md and docs/operations.md): LOADTEST_ARGS="--users 10 --duration 20" for a smoke.
loadtest: $(VENV)/.installed-dev
	$(BIN)/python bin/loadtest $(LOADTEST_ARGS)

messages: $(VENV)/.installed-dev
	$(BIN)/python manage.py makemessages -l fr -l en --ignore=.venv --ignore=staticfiles --ignore=oidc --ignore=a11y --ignore=rehearsal
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=oidc --ignore=a11y

check-deploy: $(VENV)/.installed-runtime
	bin/check-deploy

clean:
	rm -rf $(VENV) staticfiles .run oidc/node_modules a11y/node_modules
