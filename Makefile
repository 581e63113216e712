# Chancery: `make run` serves a demo office on http://127.0.0.1:8000; `make test` runs the whole suite.
# Both are safe to re-run: each step does only what is not done yet.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
# The PostgreSQL the suite also runs on, when reachable (CI has one on localhost, trust auth).
PG_URL ?= postgres://postgres@localhost:5432/chancery
BENCH_SCALE ?= 1000000
# Whether that PostgreSQL answers (a shell command's status).
PG_UP = $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL)'.rsplit('/', 1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test install lint typecheck migrations-check test-sqlite test-postgres e2e bench messages clean \
	prod-check prod-check-if-available lane-sqlite lane-postgres

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Chancery needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

run: install
	CHANCERY_DEBUG=1 $(BIN)/chancery migrate --no-input
	CHANCERY_DEBUG=1 $(BIN)/chancery demo
	@echo "Chancery: http://$(HOST):$(PORT)/  (Ctrl+C stops it; a background-job worker runs beside it)"
	@CHANCERY_DEBUG=1 $(BIN)/chancery db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	CHANCERY_DEBUG=1 $(BIN)/chancery runserver $(HOST):$(PORT)

# Two lanes side by side (one core each): the SQLite pass then the browser tests, and the PostgreSQL pass
# then the production shape. Each pass has its own var directory (keys, test certificates, uploads), the
# browser tests their own server and database, the production shape its own database and Redis number, so
# no lane sees the other's files; the output is printed lane by lane. With PostgreSQL there, the tests that never
# open a database (the same whatever it is) run in its lane, so the two lanes take about as long.
test: install lint typecheck migrations-check
	@$(MAKE) --no-print-directory -j2 --output-sync=target lane-sqlite lane-postgres LANES=1

lane-sqlite: install
	@$(MAKE) --no-print-directory test-sqlite
	@$(MAKE) --no-print-directory e2e

lane-postgres: install
	@$(MAKE) --no-print-directory test-postgres
	@$(MAKE) --no-print-directory prod-check-if-available

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy chancery bench e2e

migrations-check: install
	DJANGO_SETTINGS_MODULE=chancery.test_settings $(BIN)/python -m django makemigrations --check --dry-run

test-sqlite: install
	@if [ -n "$(LANES)" ] && $(PG_UP); then \
		echo "== the tests that use the database, on SQLite (the others run in the PostgreSQL lane)"; \
		env -u DATABASE_URL CHANCERY_VAR_DIR=$(CURDIR)/var/test-sqlite CHANCERY_DATABASE_TESTS=only \
			$(BIN)/pytest chancery -q; \
	else \
		echo "== the whole suite on SQLite"; \
		env -u DATABASE_URL CHANCERY_VAR_DIR=$(CURDIR)/var/test-sqlite $(BIN)/pytest chancery -q; \
	fi

test-postgres: install
	@if $(PG_UP); then \
		echo "== the tests that use the database again on PostgreSQL ($(PG_URL))$(if $(LANES), and those that use none)"; \
		DATABASE_URL=$(PG_URL) CHANCERY_VAR_DIR=$(CURDIR)/var/test-postgres \
			CHANCERY_DATABASE_TESTS=$(if $(LANES),,only) $(BIN)/pytest chancery -q; \
	elif [ -n "$$CI" ]; then \
		echo "PostgreSQL is not reachable at $(PG_URL), and CI must test on it"; exit 1; \
	else \
		echo "== PostgreSQL not reachable at $(PG_URL): suite ran on SQLite only"; \
	fi

e2e: install
	@if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then \
		echo "== browser tests (Debian's chromium through Playwright)"; \
		env -u DATABASE_URL $(BIN)/pytest e2e -q; \
	elif [ -n "$$CI" ]; then \
		echo "chromium is missing, and CI must run the browser tests (.ci/run installs it)"; exit 1; \
	else \
		echo "== chromium not installed: browser tests skipped (apt-get install chromium)"; \
	fi

prod-check-if-available: install
	@if $(BIN)/python -c "import psycopg, redis; psycopg.connect('$(PG_URL)'.rsplit('/', 1)[0] + '/postgres', connect_timeout=3).close(); redis.Redis(socket_connect_timeout=3).ping()" 2>/dev/null; then \
		echo "== the production shape (make prod-check)"; \
		$(BIN)/python -m chancery.ops.prodcheck; \
	elif [ -n "$$CI" ]; then \
		echo "PostgreSQL or Redis is not reachable, and CI must check the production shape"; exit 1; \
	else \
		echo "== PostgreSQL or Redis not reachable: production shape not checked (make prod-check)"; \
	fi

# The production shape on this machine (PostgreSQL, gunicorn, RQ workers on Redis), smoke-tested, stopped.
prod-check: install
	$(BIN)/python -m chancery.ops.prodcheck

bench: install
	env -u DATABASE_URL $(BIN)/python -m bench --scale $(BENCH_SCALE)

messages: install
	$(BIN)/python -m chancery.core.i18n compile

clean:
	rm -rf $(VENV) node_modules var/static
