# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

.PHONY: run test install migrate demo bench check clean

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 is needed (found %s)" % sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
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

test: install
	$(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test >/dev/null || (echo "Model changes without a migration: run '.venv/bin/python manage.py makemigrations' and commit it"; exit 1)
	$(PY) -m pytest $(PYTEST_ARGS)

check: install
	$(PY) manage.py check --deploy --settings=config.settings.production || true

bench: install
	DJANGO_DEBUG=0 $(PY) bench/pages.py
	DJANGO_DEBUG=0 $(PY) bench/feeds.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
