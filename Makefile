# The two commands a newcomer needs: `make run` (portal with demo data) and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000
WORKERS ?= 3
PYTEST_WORKERS ?= 2
EXTRAS := postgres,redis,elasticsearch,dev
export DJANGO_SETTINGS_MODULE ?= website.settings.dev

.PHONY: run serve test lint typecheck format bench loadtest install messages migrate demo clean

$(VENV)/.installed: pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[$(EXTRAS)]"
	@touch $@

install: $(VENV)/.installed

messages: install
	@$(MANAGE) compilemessages --ignore=.venv --ignore=var -v 0

migrate: messages
	$(MANAGE) migrate --noinput -v 0

demo: migrate
	$(MANAGE) load_demo

# Every absolute link (sitemap, feeds, API urls, e-mails) names the address being served.
run serve: export PORTAL_BASE_URL ?= http://127.0.0.1:$(PORT)

run: demo
	$(MANAGE) collectstatic --noinput -v 0
	@echo
	@echo "Portal:  http://127.0.0.1:$(PORT)/   (English: http://127.0.0.1:$(PORT)/en/)"
	@echo "Admin:   http://127.0.0.1:$(PORT)/admin/"
	@$(MANAGE) ensure_demo_editor
	@echo
	@$(MAKE) --no-print-directory serve

serve:
	$(VENV)/bin/gunicorn website.wsgi --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --limit-request-line 8190 \
		--access-logfile - --timeout 120

# The test settings, whatever DJANGO_SETTINGS_MODULE the shell exports.
test: messages
	DJANGO_SETTINGS_MODULE=website.settings.test $(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Style, the layers contract (imports only downward) and the types.
lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	@$(MAKE) --no-print-directory typecheck

# mypy over the non-test code: strict on core/ and the selectors, elsewhere held to the
# per-app error counts in .ci/mypy-baseline.txt, which may only go down.
typecheck: install
	$(PY) .ci/typecheck.py

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

bench: messages
	$(PY) benchmarks/run.py

# Bounded locust run (20 users, 30 s) against gunicorn on loopback, beside a static-file baseline.
loadtest: messages
	@$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[loadtest]"
	$(PY) benchmarks/loadtest.py

clean:
	rm -rf $(VENV) var db.sqlite3 db.sqlite3-*
