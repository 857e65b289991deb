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
	$(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT) --access-logfile - wsgi:app

#: Debian packages the suite and the exports need: Chromium for the browser tests, fonts and poppler-utils,
#: antiword for .doc notices;
#: wrk for the load benchmark in bench/
SYSTEM_PACKAGES := chromium fonts-liberation fonts-dejavu-core poppler-utils libpango-1.0-0 libpangoft2-1.0-0 antiword wrk

## make test: install what is missing (the Debian packages above, the test dependencies) and run the whole
## suite (SQLite and PostgreSQL, real Chromium)
test: system-deps $(VENV)/.dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## system-deps: install the Debian packages above that are missing (apt-get as root, or through sudo if it
## needs no password); otherwise say what to install and stop
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${db:Status-Abbrev}' $$p 2>/dev/null | grep -q '^ii' || echo $$p; done); \
	missing=$$(echo $$missing); \
	[ -n "$$missing" ] || exit 0; \
	if ! command -v apt-get >/dev/null; then \
	  echo "Missing system packages: $$missing. Not a Debian system: install them yourself (Chromium at /usr/bin/chromium)."; \
	  exit 1; fi; \
	if [ "$$(id -u)" = 0 ]; then as_root=; \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then as_root=sudo; \
	else echo "Missing Debian packages: $$missing. Install them as root: sudo make system-deps"; exit 1; fi; \
	echo "Installing the Debian packages the suite needs: $$missing"; \
	$$as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$as_root apt-get install -y -qq $$missing
	@test -x /usr/bin/chromium || { echo "Chromium is still missing at /usr/bin/chromium"; exit 1; }

clean:
	rm -rf $(VENV) .pytest_cache
