# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := tracker

.PHONY: run test venv dev-deps system-deps migrate demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

venv: $(VENV)/.runtime

migrate: venv
	$(BIN)/flask db upgrade heads

demo: migrate
	$(BIN)/flask tracker demo --if-empty

## make run: set up, migrate, load the demo on first start, serve http://127.0.0.1:5000
## (the reminder scheduler runs beside it, as its own process, and stops with it)
run: demo
	@echo "Đôn đốc: http://$(HOST):$(PORT)  (Ctrl+C để dừng)"
	@$(BIN)/flask tracker scheduler & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null; wait $$scheduler 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers 2 --threads 4 --access-logfile - wsgi:app

## make test: install the test dependencies and run the whole suite (SQLite and PostgreSQL, real Chromium)
test: $(VENV)/.dev
	@test -x /usr/bin/chromium || { echo "Chromium is missing: run 'make system-deps' (Debian: apt-get install chromium)"; exit 1; }
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## system-deps: Debian packages the suite, the PDF export and the .doc reader (antiword) need (run as root)
system-deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation fonts-dejavu-core poppler-utils libpango-1.0-0 libpangoft2-1.0-0 antiword

clean:
	rm -rf $(VENV) .pytest_cache
