"""Fixtures for checking the ClickHouse schema and the analysts' queries on a current engine.

The data is the output of a real `./run replay` of a generated tenant; every table is inserted
twice, as a replayed sink batch would be, so the queries must read through FINAL to be right.
"""

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from chdb_results import REPOSITORY, TABLES, open_warehouse, query_rows  # noqa: E402

QUERIES = REPOSITORY / "sql" / "queries"


@dataclass(frozen=True)
class Replay:
    tenant: Path  # callbacks.jsonl, messages.jsonl and rules.jsonl, as ./run generate wrote them
    out: Path  # what ./run replay wrote


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
def warehouse(tmp_path_factory, replay_output):
    """A current ClickHouse engine with every migration applied and every table loaded twice."""
    engine = open_warehouse(tmp_path_factory.mktemp("chdb"), replay_output, times=2)
    yield engine
    engine.close()


def run_query(engine, name):
    """Runs an analyst query file and returns its rows as dicts."""
    return query_rows(engine, (QUERIES / f"{name}.sql").read_text(encoding="utf-8"))
