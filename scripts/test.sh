#!/usr/bin/env bash
# Runs every test of wecom-flow: unit tests, operator-harness tests, the pipeline tests on a real
# in-process Kafka broker and a Flink MiniCluster, and the system tests on a standalone Flink
# cluster. Installs what it needs by itself.
set -euo pipefail
cd "$(dirname "$0")/.."

# A fresh machine may lack the JDK or Maven; Debian has both. The sink's transport tests need a
# real ClickHouse server, and Debian's (18.16) is the one these machines can install; the
# PostgreSQL sink's tests need Debian's PostgreSQL server.
if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
need=()
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
[[ -x /usr/sbin/clickhouse-server ]] || need+=(clickhouse-server)
[[ -x /usr/bin/clickhouse-client ]] || need+=(clickhouse-client)
# The PostgreSQL sink's tests run Debian's server (15) as their own cluster in a temporary directory.
compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null || need+=(postgresql)
# The dashboards' screenshots: headless Chromium, its WebDriver, and a font with Chinese glyphs.
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
[[ -d /usr/share/fonts/truetype/wqy ]] || need+=(fonts-wqy-zenhei)
if ((${#need[@]})); then
  echo "installing ${need[*]} from Debian..."
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null; }; then
    echo "could not install ${need[*]}; tests that need them say so (and fail in CI)" >&2
  fi
  # The package starts a server on the default ports; the tests start their own.
  if [[ " ${need[*]} " == *" clickhouse-server "* ]]; then
    ($SUDO service clickhouse-server stop || $SUDO pkill -f /etc/clickhouse-server/config.xml) >/dev/null 2>&1 || true
  fi
  if [[ " ${need[*]} " == *" postgresql "* ]]; then
    $SUDO service postgresql stop >/dev/null 2>&1 || true
  fi
fi

# docker-compose.yml is validated by Debian's docker-compose (1.29), which needs no Docker engine;
# without --no-install-recommends apt would install the engine (docker.io) too.
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "installing docker-compose from Debian..."
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends docker-compose >/dev/null; }; then
    echo "could not install docker-compose; the compose check below fails" >&2
  fi
fi

echo "== Docker Compose: docker-compose.yml with the placeholders of .env.example (docker-compose config -q)"
docker-compose -f docker-compose.yml --env-file .env.example config -q

# The system tests run the jobs on a real standalone Flink cluster from Flink's own distribution.
bash scripts/flink-dist.sh

echo "== Java: unit, harness and pipeline tests (mvn verify: surefire), then the system tests on a standalone Flink cluster (failsafe)"
mvn -B -ntp verify "$@"

echo "== ClickHouse: schema and analysts' queries on a current engine (chDB, pytest)"
bash scripts/venv.sh
.venv/bin/python -m pytest -q sql/tests

echo "== Superset: the dashboards bundle in Superset 6.1 on chDB, every chart through its chart-data API, a screenshot per dashboard"
bash scripts/venv.sh superset
.venv-superset/bin/python -m pytest -q scripts/superset/tests
