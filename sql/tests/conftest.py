"""Fixtures for checking the ClickHouse schema and the analysts' queries on a current engine.

The warehouse holds the output of a real `./run replay` of a generated tenant; every table is
inserted twice, as a replayed sink batch would be, so the queries must read through FINAL to be
right. A probe is an empty schema of a test's own for hand-made rows whose answers are worked out
by hand.
"""

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from chdb_results import (MIGRATIONS, REPOSITORY, TABLES, load_results, migration_sql, open_engine,  # noqa: E402
                          query_rows, statements)

QUERIES = REPOSITORY / "sql" / "queries"


@dataclass(frozen=True)
class Replay:
    tenant: Path  # callbacks.jsonl, messages.jsonl, rules.jsonl and channels.jsonl, the input replay read
    out: Path  # what ./run replay wrote


def write_catalogue_if_none(tenant):
    """A small channel catalogue for the tenant's corp, unless the generator wrote one: a channel, a
    store code, a fission code, and a later line for a channel replacing its earlier one."""
    catalogue = tenant / "channels.jsonl"
    if catalogue.is_file():
        return catalogue
    with open(tenant / "callbacks.jsonl", encoding="utf-8") as callbacks:
        corp = json.loads(callbacks.readline())["ToUserName"]
    entries = [
        {"state": "xhs_note_autumn", "name": "小红书笔记", "kind": "channel"},
        {"state": "store_qr_shanghai", "name": "上海门店", "kind": "store", "region": "华东", "store": "上海静安店"},
        {"state": "fission-wmSeed", "kind": "fission", "campaign": "spring", "inviter": "wmSeed", "target": 3},
        {"state": "xhs_note_autumn", "name": "小红书秋季笔记", "kind": "channel", "campaign": "autumn"},
    ]
    catalogue.write_text("".join(json.dumps({"corp_id": corp, **entry}, ensure_ascii=False) + "\n" for entry in entries),
                         encoding="utf-8")
    return catalogue


@pytest.fixture(scope="session")
def replay(tmp_path_factory):
    """Generates a tenant and replays it through Kafka and Flink; returns the input and output directories."""
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
            "--channels", str(write_catalogue_if_none(tenant)),
            "--out", str(out),
        ],
        check=True,
    )
    return Replay(tenant, out)


@pytest.fixture(scope="session")
def replay_output(replay):
    """The output directory of the session's replay."""
    return replay.out


@pytest.fixture(scope="session")
def rows(replay_output):
    """Each table's final rows as replay wrote them (what SELECT * FROM table FINAL returns)."""
    tables = {}
    for table in TABLES:
        lines = (replay_output / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()
        tables[table] = [json.loads(line) for line in lines if line.strip()]
    return tables


@pytest.fixture(scope="session")
def engine(tmp_path_factory):
    """The test process's one current ClickHouse engine, every migration applied: chDB serves one
    data directory per process, so every test that needs an engine shares this one."""
    engine = open_engine(tmp_path_factory.mktemp("chdb"))
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def warehouse(engine, replay_output):
    """The engine with every table of the replay loaded twice."""
    load_results(engine, replay_output, times=2)
    return engine


class Probe:
    """A database of its own in the test engine, with every migration applied, for hand-made rows."""

    def __init__(self, engine, database):
        self.engine = engine
        self.database = database
        engine.query(f"CREATE DATABASE {database}")
        for migration in sorted(MIGRATIONS.glob("*.sql")):
            for statement in statements(migration_sql(migration).replace("wecom.", f"{database}.")):
                engine.query(statement)

    def insert(self, table, rows):
        """Inserts rows (dicts, None for NULL) as the jobs' sink does: JSONEachRow. Older versions of a
        row stay apart from newer ones, as in different sink batches: ClickHouse would otherwise
        collapse them on insert, and a query that forgot FINAL would still get one row per key."""
        self.engine.query(f"INSERT INTO {self.database}.{table} SETTINGS optimize_on_insert = 0 FORMAT JSONEachRow\n"
                          + "\n".join(json.dumps(row) for row in rows))

    def select(self, sql):
        """Runs SQL written for the wecom database on this one; returns its rows as dicts."""
        return query_rows(self.engine, sql.replace("wecom.", f"{self.database}."))

    def run_query(self, name, replace=None):
        """Runs the analyst query sql/queries/NAME.sql here, after replacing each (old, new) given once."""
        sql = (QUERIES / f"{name}.sql").read_text(encoding="utf-8")
        for old, new in (replace or []):
            assert sql.count(old) == 1, f"{name}.sql no longer has {old!r} once"
            sql = sql.replace(old, new)
        return self.select(sql)


@pytest.fixture
def probe(engine, request):
    """An empty wecom schema of the test's own in the session's engine, dropped after the test."""
    database = "probe_" + re.sub(r"\W", "_", request.node.name)[:60]
    made = Probe(engine, database)
    yield made
    engine.query(f"DROP DATABASE {database}")


def run_query(engine, name):
    """Runs an analyst query file and returns its rows as dicts."""
    return query_rows(engine, (QUERIES / f"{name}.sql").read_text(encoding="utf-8"))
