# `make run`: set everything up and start the product on embedded defaults at http://127.0.0.1:8000
# `make test`: the test suite (PostgreSQL/Redis when DATABASE_URL/CELERY_BROKER_URL are set, else SQLite)
# `make lint`: ruff, and the import contract between the apps (pyproject.toml, [tool.importlinter])
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup test lint system-packages clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

.env:
	$(PY) scripts/write_dotenv.py .env

system-packages:
	sh scripts/install_system_packages.sh

setup: system-packages $(VENV)/.installed .env
	$(PY) manage.py migrate --noinput

run: setup
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) scripts/write_dotenv.py .env  # adds DEMO_PASSWORD to an older .env; changes nothing that is there
	$(PY) manage.py ensure_demo_user --url http://$(HOST):$(PORT)/
	HOST=$(HOST) PORT=$(PORT) PY=$(PY) VENV=$(VENV) sh scripts/run_all.sh

test: system-packages $(VENV)/.installed-dev .env
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf var staticfiles db.sqlite3 db.sqlite3-*
