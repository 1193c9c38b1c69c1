# gongkai — two commands: `make run` and `make test`. Everything else here serves them.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000

## make mutation: mutation testing of the rule modules (slow; MODULE=… TESTS="…" for one module, see docs/testing.md).
.PHONY: mutation run test setup sysdeps-run sysdeps-test env messages db check pytest pytest-pg clean

## make run: set up, create or migrate the embedded database, load the demo bureau when new, serve.
## `make run HOST=0.0.0.0 PORT=8101` serves elsewhere; links in feeds, the sitemap and e-mails follow
## (GONGKAI_SITE_URL, unless the environment or .env sets it).
run: setup sysdeps-run env messages db
	@$(BIN)/gongkai demo --if-new --samples --accounts
	@echo "gongkai: serving http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	@site=$$(grep -s '^GONGKAI_SITE_URL=' .env | cut -d= -f2-); \
	export GONGKAI_SITE_URL="$${GONGKAI_SITE_URL:-$${site:-http://$(HOST):$(PORT)}}"; \
	exec $(BIN)/gongkai serve --bind $(HOST):$(PORT)

## make test: set up, then lint, types, migrations check, the suite on SQLite (with browser tests),
## and on PostgreSQL when DATABASE_URL points to one.
test: setup sysdeps-test env messages check pytest pytest-pg

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check "uv==$(UV_VERSION)"
	@$(BIN)/uv pip sync -q --python $(BIN)/python requirements.lock
	@$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	@touch $@

## Debian packages: CJK fonts, Pango and HarfBuzz-subset (WeasyPrint) for printed notices — without
## libharfbuzz-subset0 WeasyPrint subsets the CJK fonts with fontTools, ~40 s a notice instead of ~0.5 s;
## Tesseract with its simplified-Chinese model reads scanned pages and images for the screening;
## Chromium for the browser tests.
sysdeps-run:
	@bash scripts/sysdeps.sh fonts-noto-cjk fonts-arphic-ukai libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 tesseract-ocr tesseract-ocr-chi-sim
sysdeps-test:
	@bash scripts/sysdeps.sh fonts-noto-cjk fonts-arphic-ukai libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 tesseract-ocr tesseract-ocr-chi-sim chromium poppler-utils libreoffice-writer-nogui

messages: setup
	@$(BIN)/python -m django compilemessages --ignore=.venv --ignore=var -v 0 --settings=gongkai.settings_build

env:
	@bash scripts/make-env.sh

db:
	@$(BIN)/gongkai migrate --no-input -v 0
	@$(BIN)/gongkai collectstatic --no-input -v 0

check:
	@echo "== ruff"; $(BIN)/ruff check gongkai tests
	@echo "== mypy"; $(BIN)/mypy gongkai
	@echo "== migrations"; env -u DATABASE_URL $(BIN)/gongkai makemigrations --check --dry-run -v 1
	@$(BIN)/gongkai collectstatic --no-input -v 0

pytest:
	@echo "== tests on SQLite (with browser tests)"
	@env -u DATABASE_URL $(BIN)/pytest

pytest-pg:
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== tests on PostgreSQL ($$DATABASE_URL)"; \
		$(BIN)/pytest -m "not browser"; \
	elif [ -n "$$GONGKAI_REQUIRE_ALL_TESTS" ]; then \
		echo "DATABASE_URL is not set: the PostgreSQL part cannot be skipped here (GONGKAI_REQUIRE_ALL_TESTS)."; exit 1; \
	else echo "== PostgreSQL part skipped: set DATABASE_URL=postgres://... to run it"; fi

mutation: setup env messages
	@bash scripts/mutation.sh

clean:
	rm -rf $(VENV) var/static
