# Claimdesk's two entry points: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000

.PHONY: demo test lint install install-all browser serve clean

$(PY):
	@command -v $(PYTHON) >/dev/null || { echo "Claimdesk needs Python 3.11 ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.core: $(PY) pyproject.toml
	$(PIP) install -q -e .
	@touch $@

$(VENV)/.all: $(PY) pyproject.toml
	$(PIP) install -q -e ".[test,embeddings]"
	@touch $@ $(VENV)/.core

install: $(VENV)/.core
install-all: $(VENV)/.all

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "WARNING: could not install chromium; browser tests will skip (or fail under CI)"; \
	  else echo "WARNING: /usr/bin/chromium missing and apt-get unavailable; browser tests will skip"; fi; \
	fi

demo: install
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py demo_setup
	@if [ -n "$$REDIS_URL" ]; then \
	  echo "REDIS_URL is set: web server, Celery worker and beat side by side (honcho)"; \
	  PORT=$(PORT) $(VENV)/bin/honcho -f Procfile.demo start; \
	else \
	  echo "No REDIS_URL: tasks run in-process. Serving on http://127.0.0.1:$(PORT)/"; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT); \
	fi

lint: install-all
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/ruff format --check .

# Uses the real PostgreSQL and Redis on 127.0.0.1 when they answer (CI sets them explicitly and
# CLAIMDESK_REQUIRE_SERVICES=1, so a missing service fails instead of skipping).
test: install-all browser
	@status=0; \
	$(VENV)/bin/ruff check . || status=1; \
	$(VENV)/bin/mypy || status=1; \
	if [ -z "$$DATABASE_URL" ] && (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then \
	  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres; fi; \
	echo "Test database: $${DATABASE_URL:-SQLite (set DATABASE_URL for PostgreSQL)}"; \
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest $(PYTEST_ARGS) || status=1; \
	if [ $$status != 0 ]; then echo "make test: lint, type check or tests failed"; fi; \
	exit $$status

clean:
	rm -rf $(VENV) staticfiles claimdesk.sqlite3 .pytest_cache
