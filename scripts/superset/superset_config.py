"""Superset's configuration for ./run dashboards and the dashboard tests (SUPERSET_CONFIG_PATH).

Metadata in SQLite under SUPERSET_HOME; the warehouse is chDB, reached through the project's
clickhouse+chdb:// dialect, registered here because Superset imports this file in every process.
"""

import os
import sys
from pathlib import Path

from sqlalchemy.dialects import registry

sys.path.insert(0, str(Path(__file__).resolve().parent))
registry.register("clickhouse.chdb", "chdb_sqlalchemy", "ChdbDialect")

SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]
SQLALCHEMY_DATABASE_URI = "sqlite:///" + str(Path(os.environ["SUPERSET_HOME"]) / "superset.db")
# A local, single-user Superset: no CSRF tokens for the REST API the tests and the import use,
# no example data, and the chDB path in the database URI is allowed.
WTF_CSRF_ENABLED = False
PREVENT_UNSAFE_DB_CONNECTIONS = False
# Every chart of a dashboard renders at once, also outside the window (headless screenshots).
FEATURE_FLAGS = {"DASHBOARD_NATIVE_FILTERS": True, "DASHBOARD_VIRTUALIZATION": False}
# One chDB engine per process: charts take turns anyway, and a cache in SQLite metadata is plenty.
CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache"}
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
