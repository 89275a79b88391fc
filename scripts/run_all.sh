#!/bin/sh
# Web, worker and beat together in one terminal; Ctrl-C stops all three.
set -e
: "${PY:=.venv/bin/python}" "${VENV:=.venv}" "${HOST:=127.0.0.1}" "${PORT:=8000}"
trap 'kill 0' INT TERM EXIT
"$VENV/bin/celery" -A config worker --loglevel INFO --concurrency 2 &
"$VENV/bin/celery" -A config beat --loglevel WARNING &
"$PY" manage.py runserver --noreload "$HOST:$PORT"
