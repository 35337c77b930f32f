# izdeu: `make run` to try it, `make test` to check it. See README.md.

# Django 6 needs Python 3.12 or newer: take the first one found.
PYTHON ?= $(shell for p in python3.12 python3.13 python3.14 $(HOME)/.pyenv/versions/3.12*/bin/python3 $(HOME)/.pyenv/versions/3.13*/bin/python3 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
IZDEU := $(BIN)/izdeu
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-postgres lint audit-deps install messages translations bench clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "izdeu needs Python 3.12 or newer; none was found." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed messages

# Compiled catalogues are build outputs, never committed.
messages: $(VENV)/.installed
	@$(IZDEU) compilemessages

# After changing user-facing strings: refresh the catalogues, then translate what is new.
translations: $(VENV)/.installed
	cd izdeu && ../$(IZDEU) makemessages --no-location --no-obsolete -l kk -l ru -l en

run: install
	$(IZDEU) migrate --noinput
	$(IZDEU) collectstatic --noinput --verbosity 0
	$(IZDEU) demo --if-empty
	IZDEU_PUBLIC_ORGANISATION="$${IZDEU_PUBLIC_ORGANISATION:-Demo coalition (fictional)}" \
		$(IZDEU) serve --host $(HOST) --port $(PORT) --with-worker

test: install
	$(BIN)/python -m pytest

# The whole suite on PostgreSQL (`.ci/run` starts the server when it is not running).
test-postgres: install
	DATABASE_URL=$${IZDEU_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/izdeu} $(BIN)/python -m pytest

# Static checks, including the security rules (ruff's S rules, from bandit).
lint: $(VENV)/.installed
	$(BIN)/ruff check izdeu bench .ci

# Known vulnerabilities in the installed dependencies.
audit-deps: $(VENV)/.installed
	$(BIN)/python .ci/audit_dependencies.py

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build *.egg-info
