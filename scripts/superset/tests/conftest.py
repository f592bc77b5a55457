"""Fixtures for the dashboards' tests: a real Superset 6.1 (SQLite metadata) with the bundle imported,
over a replay's output loaded twice into chDB (so a dataset that forgot FINAL counts double).

Run in Superset's environment, which this command creates first (a failure to create it fails the run):

    bash scripts/venv.sh superset && .venv-superset/bin/python -m pytest -q scripts/superset/tests

The replay is the SQL tests' own (sql/tests/conftest.py: ./run generate, then ./run replay). To try
the tests on a replay's output at hand, set WECOM_FLOW_RESULTS=DIR.
"""

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest
import requests

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS.parent))
from dashboards import ADMIN, REPOSITORY, free_port, load_warehouse, prepare_superset, start_superset  # noqa: E402


def sql_tests_fixtures():
    """sql/tests/conftest.py under a name of its own (both directories have a conftest module)."""
    spec = importlib.util.spec_from_file_location("sql_tests_conftest", REPOSITORY / "sql" / "tests" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


replay = sql_tests_fixtures().replay


@pytest.fixture(scope="session")
def results(request):
    """The replay's output directory: WECOM_FLOW_RESULTS when set, else a replay of the SQL tests' tenant."""
    if os.environ.get("WECOM_FLOW_RESULTS"):
        return Path(os.environ["WECOM_FLOW_RESULTS"])
    return request.getfixturevalue("replay").out


@pytest.fixture(scope="session")
def tables(results):
    """Each table's final rows as replay wrote them (what SELECT * FROM table FINAL returns)."""
    loaded = {}
    for file in results.glob("*.jsonl"):
        loaded[file.stem] = [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
    return loaded


@pytest.fixture(scope="session")
def screenshots():
    """Where the dashboards' PNGs go: the test's output, kept after the run."""
    directory = REPOSITORY / "out" / "test-dashboards"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


class Superset:
    """A running Superset and a logged-in REST session on it."""

    def __init__(self, url, password):
        self.url = url
        self.password = password
        self.session = requests.Session()
        answer = self.session.post(f"{url}/api/v1/security/login", timeout=60,
                                   json={"username": ADMIN, "password": password, "provider": "db", "refresh": False})
        answer.raise_for_status()
        self.session.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"

    def get(self, path):
        answer = self.session.get(f"{self.url}{path}", timeout=120)
        answer.raise_for_status()
        return answer.json()

    def post(self, path, body):
        return self.session.post(f"{self.url}{path}", json=body, timeout=300)

    def listing(self, resource):
        return self.get(f"/api/v1/{resource}/?q=(page_size:100)")["result"]


@pytest.fixture(scope="session")
def superset(results, tmp_path_factory):
    """Superset on 127.0.0.1 with the bundle imported over the results, loaded twice into chDB."""
    home = tmp_path_factory.mktemp("superset")
    load_warehouse(results, home / "chdb", times=2)
    password = prepare_superset(home, home / "chdb")
    port = free_port()
    server = start_superset(home, "127.0.0.1", port, home / "superset.log")
    try:
        yield Superset(f"http://127.0.0.1:{port}", password)
    finally:
        server.terminate()
        server.wait(timeout=60)
