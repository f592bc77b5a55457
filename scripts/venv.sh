#!/usr/bin/env bash
# A Python environment of the project, created on first use and updated when its requirements
# change. Progress goes to standard error.
#   scripts/venv.sh            .venv: chDB and pytest (sql/tests/requirements.txt)
#   scripts/venv.sh superset   .venv-superset: Superset 6.1 and chDB (scripts/superset/requirements.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
exec 1>&2

case "${1:-}" in
  "")
    VENV=".venv"
    REQUIREMENTS="sql/tests/requirements.txt"
    SIZE="chDB is about 150 MB"
    ;;
  superset)
    VENV=".venv-superset"
    REQUIREMENTS="scripts/superset/requirements.txt"
    SIZE="Superset and chDB are about 600 MB, a few minutes"
    ;;
  *)
    echo "error: unknown environment '$1' (none or superset)"
    exit 2
    ;;
esac
STAMP="$VENV/.requirements-installed"
if [[ ! -x "$VENV/bin/python" ]]; then
  echo "creating the Python environment $VENV (first use)..."
  python3 -m venv "$VENV"
fi
if [[ ! -f "$STAMP" || "$REQUIREMENTS" -nt "$STAMP" ]]; then
  echo "installing $(grep -v '^#' "$REQUIREMENTS" | xargs) into $VENV ($SIZE)..."
  "$VENV/bin/pip" install --disable-pip-version-check --progress-bar on -r "$REQUIREMENTS"
  touch "$STAMP"
fi
