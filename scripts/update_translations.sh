#!/bin/sh
# Refreshes locale/ko/LC_MESSAGES/django.po from the code and templates, then compiles django.mo.
# Needs GNU gettext (Debian package `gettext`) only here; the compiled .mo is kept in the repo so
# nothing needs gettext at run time. It ends by listing the entries that still need a translator
# (empty or fuzzy): translate them in the .po and run it again to recompile.
set -e
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
command -v msgfmt >/dev/null 2>&1 || {
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq gettext >/dev/null
}
mkdir -p locale
"$PY" manage.py makemessages -l ko --no-obsolete \
  --ignore=.venv --ignore=staticfiles --ignore=var --ignore=media --ignore=tests --ignore=bench \
  --ignore=standins --ignore=.hypothesis --ignore=.pytest_cache --ignore=.ruff_cache
"$PY" manage.py compilemessages -l ko --ignore=.venv
# List what still needs a translator (nothing printed = complete). Fuzzy entries are guesses from similar
# strings: check the msgstr, then delete the "#, fuzzy" line; compilemessages leaves fuzzy entries out.
PO=locale/ko/LC_MESSAGES/django.po
todo=$( { msgattrib --untranslated --no-wrap --no-location "$PO"; msgattrib --only-fuzzy --no-wrap --no-location "$PO"; } \
  | grep '^msgid "..*"$' || true)
if [ -n "$todo" ]; then
  echo "Needs translating in $PO:"
  echo "$todo"
fi
exit 0
