# Oasis — every target bootstraps what it needs, so a fresh clone only needs Python 3.13.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTHON_FOR_VENV ?= $(shell for p in python3.13 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' 2>/dev/null; then command -v $$p; break; fi; done)
# Two workers (pytest-xdist); `make test PYTEST_ARGS="-p no:xdist tests/core"` runs a part.
PYTEST_ARGS ?= -n 2

.PHONY: run test worker beat lint format messages bench bench-search bench-notifications install migrate demo clean

$(PY):
	@if [ -z "$(PYTHON_FOR_VENV)" ]; then \
		echo "Oasis needs Python 3.13 (see .python-version), but neither python3.13 nor python3 on PATH is 3.13." >&2; \
		echo "Install it (e.g. 'pyenv install 3.13', 'apt-get install python3.13' or 'uv python install 3.13') and run make again." >&2; \
		exit 1; fi
	$(PYTHON_FOR_VENV) -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

# The demo kiosk's enrolment URL is printed last, on the address the server listens on.
PORT ?= 8000
export SITE_URL ?= http://127.0.0.1:$(PORT)

run: demo
	@$(PY) manage.py kiosk_enrol_url
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# A fixed hash seed: xdist workers must collect tests (set-ordered parameters) identically.
test: install
	PYTHONHASHSEED=0 $(VENV)/bin/pytest $(PYTEST_ARGS)

worker: migrate
	$(VENV)/bin/celery -A oasis worker -Q default --loglevel=INFO

beat: migrate
	$(VENV)/bin/celery -A oasis beat --loglevel=INFO

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	$(PY) manage.py makemessages --locale ko --locale en --ignore '.venv/*' --ignore 'tests/*' --no-obsolete
	$(PY) manage.py makemessages --domain djangojs --locale ko --locale en --ignore '.venv/*' --ignore 'staticfiles/*' --no-obsolete
	$(PY) manage.py compilemessages --ignore .venv

bench: install
	$(PY) -m tests.bench.run

# Search relevance and latency, SQLite and (with DATABASE_URL=postgres://…) PostgreSQL.
bench-search: install
	$(PY) -m tests.bench.search

# Notifications at scale: the request, one worker's fan-out, the digests (PostgreSQL).
bench-notifications: install
	$(PY) -m tests.bench.notifications $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
