#!/usr/bin/env bash
# The project's Python environment (.venv, with chDB and pytest from sql/tests/requirements.txt),
# created on first use and updated when the requirements change. Progress goes to standard error.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 1>&2

REQUIREMENTS="sql/tests/requirements.txt"
STAMP=".venv/.requirements-installed"
if [[ ! -x .venv/bin/python ]]; then
  echo "creating the Python environment .venv (first use)..."
  python3 -m venv .venv
fi
if [[ ! -f "$STAMP" || "$REQUIREMENTS" -nt "$STAMP" ]]; then
  echo "installing $(grep -v '^#' "$REQUIREMENTS" | xargs) into .venv (chDB is about 150 MB)..."
  .venv/bin/pip install --disable-pip-version-check --progress-bar on -r "$REQUIREMENTS"
  touch "$STAMP"
fi
