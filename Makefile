# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT
WEB_WORKERS ?= 4

.PHONY: run serve test install lint coverage migrate demo bench bench-load bench-search-load bench-proxy bench-lighthouse check clean

# The development lock (the runtime's plus tests, linters, coverage and pip-tools; README "Stack"),
# installed again whenever a lock changes: pip installs it (pip-tools included), then pip-sync
# removes whatever the lock no longer lists, so .venv is exactly the lock.
$(VENV)/.installed: requirements/base.txt requirements/dev.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 is needed (found %s)" % sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet -r requirements/dev.txt
	$(VENV)/bin/pip-sync --quiet requirements/dev.txt
	$(VENV)/bin/pip check
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

# The worker (scheduled publishing, queued tasks, periodic jobs) runs beside the web server
# and stops with it.
run: demo
	@echo "Gương Sáng: http://127.0.0.1:$(PORT)/  (quản trị: /admin/)"
	$(PY) manage.py run_worker & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production: gunicorn with several workers plus the worker, with config.settings.production
# and everything from the environment (SECRET_KEY, ALLOWED_HOSTS, SITE_URL, DATABASE_URL,
# REDIS_URL, ELASTICSEARCH_URL…; README "Production"). Serves on 127.0.0.1:$(PORT) for a proxy.
serve: export DJANGO_SETTINGS_MODULE = config.settings.production
serve: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py run_worker & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn config.wsgi --workers $(WEB_WORKERS) --bind 127.0.0.1:$(PORT) \
	    --timeout 30 --graceful-timeout 20 \
	    --access-logfile - --forwarded-allow-ips 127.0.0.1

test: install
	$(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test >/dev/null || (echo "Model changes without a migration: run '.venv/bin/python manage.py makemigrations' and commit it"; exit 1)
	$(PY) -m pytest $(PYTEST_ARGS)

# The linters CI runs before the tests (README "Development"): ruff on the Python code
# (pyproject.toml [tool.ruff]) and djlint on the Django templates ([tool.djlint], lint only).
# Fix with `ruff format .` and `ruff check --fix .`; templates by hand.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint --lint .

# make test measuring the apps' line coverage (pyproject.toml [tool.coverage]): the files not fully
# covered, then the total. PYTEST_ARGS still applies (make coverage PYTEST_ARGS=tests/search).
coverage: install
	$(MAKE) test PYTEST_ARGS='--cov --cov-report=term:skip-covered $(PYTEST_ARGS)'

# The production settings' deployment check, with the operator's environment (SECRET_KEY,
# ALLOWED_HOSTS, SITE_URL, DATABASE_URL, REDIS_URL): any warning fails it.
check: install
	$(PY) manage.py check --deploy --fail-level WARNING --settings=config.settings.production

bench: install
	DJANGO_DEBUG=0 $(PY) bench/pages.py
	DJANGO_DEBUG=0 $(PY) bench/feeds.py

# gunicorn under wrk (apt-get install wrk): in-process cache, Redis, a Redis outage, a hanging
# Elasticsearch (~10 minutes; docs/benchmarks.md).
bench-load: install
	DJANGO_DEBUG=0 $(PY) bench/load.py

# /search/ and /api/search/ under wrk through gunicorn, repeated and never-asked queries, as
# ratios to a cached page (apt-get install wrk; ~2 minutes; docs/benchmarks.md).
bench-search-load: install
	DJANGO_DEBUG=0 $(PY) bench/search_load.py

# Varnish (deploy/varnish/default.vcl) in front of gunicorn under wrk, and purge latency
# (apt-get install wrk varnish; ~5 minutes; docs/benchmarks.md).
bench-proxy: install
	DJANGO_DEBUG=0 $(PY) bench/front_cache.py

# Lighthouse (mobile) on home, a story, a section front and search, and a story's page weight,
# the site served as in production: gunicorn with config.settings.production behind nginx
# (apt-get install nginx-light nodejs npm chromium; Lighthouse is installed once into
# ~/.cache/guongsang/lighthouse; ~5 minutes; docs/benchmarks.md).
bench-lighthouse: install
	$(PY) bench/lighthouse.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
