# casedesk — two commands do all the set-up: `make run` and `make test`.
# Python 3.11 or newer: python3.11 when it is on the PATH, else python3 (override: make PYTHON=/path/to/python).
PYTHON ?= $(shell command -v python3.11 >/dev/null 2>&1 && echo python3.11 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
# make run PORT=8001 DEMO_CASES=5000
PORT ?= 8000
DEMO_CASES ?= 300
# `make run` is a local trial: debug on, demo data, e-mails written as files under data/emails/ instead of sent.
RUN_ENV := DEBUG=true SITE_URL=http://127.0.0.1:$(PORT) \
	EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend

.PHONY: run test lint venv screenshots clean bench-load bench-report

# Re-installs whenever a requirements file changes (the stamp is older than it).
$(STAMP): requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "casedesk needs Python 3.11+ on the PATH as python3.11 or python3 (or: make PYTHON=/path/to/python ...)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "casedesk needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) -V 2>&1). Run: make PYTHON=/path/to/python3.11 ..."; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

## make run — the app on http://127.0.0.1:$(PORT) with demo data (SQLite; no other service needed)
run: $(STAMP)
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) DEMO_CASES=$(DEMO_CASES) $(PY) manage.py seed_demo
	@echo "casedesk: http://127.0.0.1:$(PORT)/ (e-mails go to data/emails/; Ctrl-C stops web, worker and beat)"
	@# web + Celery worker + beat under honcho (Procfile.dev); honcho gives web PORT.
	PATH="$(CURDIR)/$(BIN):$$PATH" $(RUN_ENV) $(BIN)/honcho -f Procfile.dev start -p $(PORT)

## make test — ruff, then the whole suite (SQLite; set DATABASE_URL for PostgreSQL)
test: $(STAMP)
	$(BIN)/ruff check .
	$(PY) -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

## make screenshots — the browser tests, which write docs/screenshots/*.png (needs Chromium)
screenshots: $(STAMP)
	CI=true $(PY) -m pytest tests/browser -q

clean:
	rm -rf data .pytest_cache .ruff_cache
	@test -L $(VENV) || rm -rf $(VENV)

## make bench-load — gunicorn + PostgreSQL at 10k and 100k cases under wrk (needs wrk and a PostgreSQL; see bench/README.md)
bench-load: $(STAMP)
	$(PY) bench/load/run.py
	$(PY) bench/report.py

## make bench-report — one table of every benchmark's figures in bench/README.md, from bench/results/*
bench-report: $(STAMP)
	$(PY) bench/report.py
