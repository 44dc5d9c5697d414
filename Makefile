# The two commands a newcomer needs: `make run` and `make test`. `make help` lists all.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install install-test run serve migrate content admin test lint check format clean bench lock audit backup restore bench-growth cluster loadtest

help: ## List every target
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# Dependencies come from the locks in requirements/ (exact versions, with hashes), so
# every machine runs what CI tested. pyproject.toml says what we depend on and why;
# `make lock` turns it into the locks. The virtualenv is updated only when a lock
# changes, so a second run is quick.
$(BIN)/.installed: requirements/site.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/site.txt
	touch $@

$(BIN)/.installed-test: $(BIN)/.installed requirements/test.txt
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/test.txt
	touch $@

install: $(BIN)/.installed ## Create or update .venv with the site's dependencies

install-test: $(BIN)/.installed-test ## Add the test dependencies to .venv
	@if [ ! -d .tools/node_modules/vnu-jar ] && command -v npm >/dev/null; then npm install --silent --prefix .tools vnu-jar; fi

migrate: install ## Apply database migrations (SQLite unless DATABASE_URL is set)
	$(MANAGE) migrate --noinput

content: migrate ## Load the real content from seed/ (safe to repeat)
	$(MANAGE) load_site_content

admin: migrate ## Create a local admin account if there is none (prints its password once)
	$(MANAGE) ensure_local_admin

run: content admin ## Install, migrate, load content and serve on http://127.0.0.1:8000
	$(MANAGE) runserver $(HOST):$(PORT)

# `make serve`: as in production (gunicorn, production settings, compressed static
# files), on this machine over plain HTTP, with uploads served too. SECRET_KEY comes
# from the environment, else from .secret-key, made once.
SERVE_ENV = DJANGO_SETTINGS_MODULE=radicalkindness.settings.production HTTPS=0 SERVE_MEDIA=1 \
	SECRET_KEY="$${SECRET_KEY:-$$(cat .secret-key)}"

.secret-key:
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

serve: content admin .secret-key ## Serve as in production (gunicorn, 2 workers) on http://127.0.0.1:8000
	$(SERVE_ENV) $(MANAGE) migrate --noinput
	$(SERVE_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	@echo "Serving on http://$(HOST):$(PORT)/ (production settings); scheduled pages are published every minute."
	@$(SERVE_ENV) sh -c 'while sleep 60; do $(MANAGE) publish_scheduled > /dev/null; done & \
		trap "kill $$! 2>/dev/null" EXIT INT TERM; \
		$(BIN)/gunicorn radicalkindness.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -'

CHROMIUM ?= /usr/bin/chromium

# The browser tests need Debian's Chromium: installed here when this machine lets us
# (root and apt), otherwise they are skipped and the run ends saying so plainly.
test: install-test ## Run the whole test suite, browser tests included
	@if [ ! -x $(CHROMIUM) ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Chromium for the browser tests (apt-get install chromium)…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium || true; \
	fi
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	@if [ ! -x $(CHROMIUM) ]; then \
		echo; \
		echo "WARNING: the browser tests (tests/browser: accessibility, keyboard, JavaScript) did not run:"; \
		echo "Chromium is not installed at $(CHROMIUM). Install it with: sudo apt-get install chromium"; \
	fi

lint: install-test ## ruff, Django's system checks and the migrations check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

bench: install ## Load-test every page type under gunicorn on PostgreSQL, cache off and on (docs/benchmarks.md)
	$(BIN)/python bench/load.py $(BENCH_ARGS)

cluster: install ## Two app servers behind nginx, sharing PostgreSQL and Redis, on loopback (Ctrl-C stops)
	$(BIN)/python ops/cluster.py up $(CLUSTER_ARGS)

loadtest: install ## The cluster under 200 connections for 60 s, with a publish, a server and PostgreSQL/Redis stopped
	$(BIN)/python ops/cluster.py loadtest $(CLUSTER_ARGS)

bench-growth: install-test ## Queries and times at 9, 1000 and 5000 resources (bench/results.md)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

backup: install ## Back up the database and uploads to backups/ (BACKUP_DIR to change)
	$(MANAGE) backup

restore: install ## Put back a backup: make restore ARCHIVE=backups/radicalkindness-….tar
	@test -n "$(ARCHIVE)" || { echo "Say which: make restore ARCHIVE=backups/radicalkindness-….tar"; exit 2; }
	$(MANAGE) restore "$(ARCHIVE)"

LOCK = $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links

lock: install ## Pin requirements/*.txt to pyproject.toml (LOCK_ARGS=--upgrade: newest releases)
	$(BIN)/python -m pip install --quiet 'pip-tools>=7.4'
	$(LOCK) $(LOCK_ARGS) -o requirements/site.txt pyproject.toml
	$(LOCK) $(LOCK_ARGS) --extra test -c requirements/site.txt -o requirements/test.txt pyproject.toml

audit: install ## Check the locked dependencies for known vulnerabilities (pip-audit)
	$(BIN)/python -m pip install --quiet 'pip-audit>=2.7'
	$(BIN)/python ops/audit.py

format: install-test ## Reformat the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## Remove the virtualenv, local database, uploads, test and bench leftovers
	rm -rf $(VENV) db.sqlite3 media staticfiles test-artifacts .bench .tools .pytest_cache .ruff_cache .secret-key
