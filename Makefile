# Taalmarkt: `make run` serves the demo on SQLite, `make test` runs the suite (see README.md).
VENV    := .venv
PY      := $(VENV)/bin/python
PORT    ?= 5000
PYTHON  ?= python3
PG_URL  ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: run test install install-dev assets translations messages lint screenshots clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets: node_modules/.installed

translations: $(VENV)/.installed
	$(PY) -m babel.messages.frontend -q compile -d marketplace/translations
	$(PY) -m babel.messages.frontend -q compile -D learner -d marketplace/translations
	$(PY) -m babel.messages.frontend -q compile -D subsidies -d subsidies/translations

install: $(VENV)/.installed assets translations

install-dev: $(VENV)/.installed-dev assets translations

run: install
	TAALMARKT_ENV=development $(VENV)/bin/taalmarkt db upgrade
	TAALMARKT_ENV=development $(VENV)/bin/taalmarkt demo
	TAALMARKT_ENV=development $(VENV)/bin/taalmarkt run --port $(PORT)

# The whole suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL is set.
test: install-dev
	env -u TEST_DATABASE_URL $(VENV)/bin/pytest $(PYTEST_ARGS)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "--- again on PostgreSQL ($$TEST_DATABASE_URL)"; \
	  $(VENV)/bin/pytest $(PYTEST_ARGS); \
	else echo "TEST_DATABASE_URL is not set: PostgreSQL run skipped (e.g. TEST_DATABASE_URL=$(PG_URL) make test)"; fi

# Re-extract translatable strings and update the nl and en catalogues.
messages: $(VENV)/.installed
	$(PY) marketplace/translations/catalogues.py

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

screenshots: install-dev
	$(PY) docs/screenshots/take.py

clean:
	rm -rf $(VENV) node_modules
