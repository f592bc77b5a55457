#!/usr/bin/env bash
# Runs every test of wecom-flow: unit tests, operator-harness tests, and the pipeline tests on a
# real in-process Kafka broker and a Flink MiniCluster. Installs what it needs by itself.
set -euo pipefail
cd "$(dirname "$0")/.."

# A fresh machine may lack the JDK or Maven; Debian has both.
need=()
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
if ((${#need[@]})); then
  echo "installing ${need[*]} from Debian..."
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "== Java: unit, harness and pipeline tests (mvn test)"
mvn -B -ntp test "$@"

echo "== ClickHouse: schema and analysts' queries on a current engine (chDB, pytest)"
if [[ ! -x .venv/bin/python ]]; then
  python3 -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check -r sql/tests/requirements.txt
.venv/bin/python -m pytest -q sql/tests
