# rallynov: the two commands are `make run` and `make test`.
SHELL := /bin/bash
# Python 3.11 exactly (Django 5.2 + Wagtail 8 as pinned); `make PYTHON=/path/to/python3.11` to choose.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || echo python3.11)
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Development defaults for `make run`; production sets its own environment (see README).
export DEBUG ?= true

.PHONY: install run serve test test-fast test-browser lint format bench ci messages clean

$(VENV)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null || { \
	  echo "*** rallynov demande Python 3.11 : « $(PYTHON) » est introuvable ou n'est pas un Python 3.11. ***"; \
	  echo "*** Installez-le (Debian : apt-get install python3.11 python3.11-venv ; ou pyenv install 3.11) ***"; \
	  echo "*** puis relancez, au besoin avec « make PYTHON=/chemin/vers/python3.11 … ». ***"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) -m rallynov migrate --noinput
	$(PY) -m rallynov demo --if-empty --port $(PORT)
	$(PY) -m rallynov collectstatic --noinput -v 0
	$(PY) -m rallynov runserver $(HOST):$(PORT)

# Serve with gunicorn as in production (needs DEBUG=false and SECRET_KEY); settings in
# gunicorn.conf.py (processes, threads, time-outs), overridable with GUNICORN_* variables.
serve: install
	$(VENV)/bin/gunicorn -c gunicorn.conf.py -b $(HOST):$(PORT) rallynov.wsgi

# The whole suite: unit, integration and browser tests.
test: install
	@bash scripts/ensure-chromium
	$(VENV)/bin/pytest -n 2 --dist loadfile -q

test-fast: install
	$(VENV)/bin/pytest -n 2 --dist loadfile -q -m "not browser"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	$(PY) benchmarks/run.py

messages: install
	cd rallynov && ../$(PY) -m django makemessages -l en --settings=rallynov.settings -i "*/tests/*" && ../$(PY) -m django compilemessages --settings=rallynov.settings

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
