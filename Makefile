# casedesk — two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

.PHONY: run test lint venv migrate demo web worker beat screenshots bench clean

$(STAMP): requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "casedesk needs $(PYTHON) on the PATH (or run: make PYTHON=python3 ...)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

## make run — the app on http://127.0.0.1:8000 with demo data (SQLite; no other service needed)
run: $(STAMP)
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py seed_demo
	@# web + Celery worker + beat under honcho (Procfile.dev); Ctrl-C stops all three.
	PATH="$(CURDIR)/$(BIN):$$PATH" DEBUG=true $(BIN)/honcho -f Procfile.dev start

## make test — ruff, then the whole suite (SQLite; set DATABASE_URL for PostgreSQL)
test: $(STAMP)
	$(BIN)/ruff check .
	$(PY) -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache
