"""Fixtures for checking the ClickHouse schema and the analysts' queries on a current engine.

The data is the output of a real `./run replay` of a generated tenant; every table is inserted
twice, as a replayed sink batch would be, so the queries must read through FINAL to be right.
"""

import json
import subprocess
from pathlib import Path

import pytest
from chdb import session

REPOSITORY = Path(__file__).resolve().parents[2]
MIGRATIONS = REPOSITORY / "sql" / "migrations"
QUERIES = REPOSITORY / "sql" / "queries"
TABLES = [
    "group_daily_stats",
    "member_daily_activity",
    "employee_daily_behavior",
    "checkin_streaks",
    "checkin_milestones",
    "channel_conversion_daily",
    "compliance_alerts",
]
ALERT_RETENTION_DAYS = "400"
TIMEZONE = "Asia/Shanghai"


def statements(sql_text):
    """The statements of a migration file: split at semicolons that end a line."""
    body = "\n".join(line for line in sql_text.splitlines() if not line.strip().startswith("--"))
    return [statement.strip() for statement in body.split(";\n") if statement.strip().rstrip(";").strip()]


def migration_sql(path):
    return (path.read_text(encoding="utf-8")
            .replace("{{alert_retention_days}}", ALERT_RETENTION_DAYS)
            .replace("{{timezone}}", TIMEZONE))


@pytest.fixture(scope="session")
def replay_output(tmp_path_factory):
    """Generates a tenant and replays it through Kafka and Flink; returns the output directory."""
    work = tmp_path_factory.mktemp("replay")
    tenant = work / "tenant"
    out = work / "out"
    subprocess.run(
        [str(REPOSITORY / "run"), "generate", "--days", "16", "--customers", "400", "--seed", "11", "--out", str(tenant)],
        check=True,
    )
    subprocess.run(
        [
            str(REPOSITORY / "run"), "replay",
            "--callbacks", str(tenant / "callbacks.jsonl"),
            "--messages", str(tenant / "messages.jsonl"),
            "--rules", str(tenant / "rules.jsonl"),
            "--out", str(out),
        ],
        check=True,
    )
    return out


@pytest.fixture(scope="session")
def rows(replay_output):
    """Each table's final rows as replay wrote them (what SELECT * FROM table FINAL returns)."""
    tables = {}
    for table in TABLES:
        lines = (replay_output / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()
        tables[table] = [json.loads(line) for line in lines if line.strip()]
    return tables


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory, replay_output):
    """A current ClickHouse engine with every migration applied and every table loaded twice."""
    engine = session.Session(str(tmp_path_factory.mktemp("chdb")))
    for migration in sorted(MIGRATIONS.glob("*.sql")):
        for statement in statements(migration_sql(migration)):
            engine.query(statement)
    for table in TABLES:
        data = (replay_output / f"{table}.jsonl").read_text(encoding="utf-8")
        for _ in range(2):
            if data.strip():
                engine.query(f"INSERT INTO wecom.{table} FORMAT JSONEachRow\n{data}")
    yield engine
    engine.close()


def run_query(engine, name):
    """Runs an analyst query file and returns its rows as dicts."""
    sql = (QUERIES / f"{name}.sql").read_text(encoding="utf-8")
    result = engine.query(sql, "JSONEachRow")
    return [json.loads(line) for line in str(result).splitlines() if line.strip()]
