"""A SQLAlchemy 1.4 dialect for chDB, the embedded ClickHouse engine: `clickhouse+chdb:////DIR`.

Registered as clickhouse.chdb by scripts/superset/superset_config.py. Superset 6.1 pins SQLAlchemy 1.4, and chDB's own SQLAlchemy package needs 2.x, so Superset reaches
chDB through this dialect over `chdb.dbapi`. Its name is `clickhouse`, so Superset treats it as
ClickHouse (time grains, type mapping); production connects with `clickhousedb://` instead.

chDB serves one data directory per process, and closing a connection closes the engine for the
whole process: every SQLAlchemy connection here shares one chDB connection per directory, which
is never closed, and statements on it take turns (Superset runs a dashboard's charts in threads).
"""

import re
import threading
import types as modules

from sqlalchemy import types
from sqlalchemy.engine import default
from sqlalchemy.sql import compiler

# ClickHouse type names (as system.columns writes them, wrappers removed) to SQLAlchemy types.
CLICKHOUSE_TYPES = {
    "String": types.String,
    "FixedString": types.String,
    "UUID": types.String,
    "Enum8": types.String,
    "Enum16": types.String,
    "Date": types.Date,
    "Date32": types.Date,
    "DateTime": types.DateTime,
    "DateTime64": types.DateTime,
    "Bool": types.Boolean,
    "Float32": types.Float,
    "Float64": types.Float,
    "Decimal": types.Numeric,
}
WRAPPERS = ("Nullable(", "LowCardinality(")
SETTING_NAME = re.compile(r"[a-z_][a-z0-9_]*")
SETTING_VALUE = re.compile(r"[A-Za-z0-9_.]+")


def sqlalchemy_type(clickhouse_type):
    """The SQLAlchemy type of a ClickHouse column type, e.g. Nullable(DateTime64(3, 'Asia/Shanghai'))."""
    name = clickhouse_type
    while name.startswith(WRAPPERS):
        name = name[name.index("(") + 1:-1]
    base = name.split("(", 1)[0]
    if base.startswith(("Int", "UInt")):
        return types.BigInteger()
    return CLICKHOUSE_TYPES.get(base, types.String)()


def quote_string(value):
    """A ClickHouse string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class SharedConnection:
    """A DB-API connection that shares one chDB connection per directory and never closes it."""

    _engines = {}
    _engines_lock = threading.Lock()

    def __init__(self, path, settings):
        import chdb.dbapi

        with SharedConnection._engines_lock:
            if path not in SharedConnection._engines:
                connection = chdb.dbapi.connect(path)
                for name, value in sorted(settings.items()):
                    connection.cursor().execute(f"SET {name} = {value}")
                SharedConnection._engines[path] = (connection, threading.Lock())
        self._connection, self._turn = SharedConnection._engines[path]

    def cursor(self):
        return TakingTurnsCursor(self._connection.cursor(), self._turn)

    def commit(self):
        pass  # ClickHouse has no transactions

    def rollback(self):
        pass

    def close(self):
        pass  # the chDB connection lives as long as the process, see the module's comment


class TakingTurnsCursor:
    """A chDB cursor whose statements run one at a time; execute() holds the whole result."""

    def __init__(self, cursor, turn):
        self._cursor = cursor
        self._turn = turn

    def execute(self, statement, parameters=None):
        from chdb.dbapi import err

        with self._turn:
            try:
                return self._cursor.execute(statement, parameters or None)
            except err.Error:
                raise
            except RuntimeError as refused:  # chDB's engine raises ClickHouse's message as a RuntimeError
                raise err.DatabaseError(str(refused)) from refused

    def __getattr__(self, name):
        return getattr(self._cursor, name)


class ChdbIdentifierPreparer(compiler.IdentifierPreparer):
    def __init__(self, dialect):
        super().__init__(dialect, initial_quote="`", final_quote="`")


class ChdbDialect(default.DefaultDialect):
    name = "clickhouse"
    driver = "chdb"
    paramstyle = "pyformat"
    supports_statement_cache = True
    supports_native_boolean = True
    supports_alter = False
    supports_sequences = False
    postfetch_lastrowid = False
    preparer = ChdbIdentifierPreparer
    default_schema_name = "default"

    @classmethod
    def dbapi(cls):
        """chdb.dbapi with the DB-API exception classes at module level, where SQLAlchemy looks for them."""
        import chdb.dbapi
        from chdb.dbapi import err

        module = modules.SimpleNamespace(**vars(chdb.dbapi))
        for name in ("Warning", "Error", "InterfaceError", "DatabaseError", "DataError", "OperationalError",
                     "IntegrityError", "InternalError", "ProgrammingError", "NotSupportedError"):
            setattr(module, name, getattr(err, name))
        return module

    def create_connect_args(self, url):
        # clickhouse+chdb:////absolute/dir?setting=value: the data directory is the URL's database part,
        # and the query's parameters are ClickHouse settings, as clickhouse-connect's URLs have them.
        settings = {name: value for name, value in url.query.items() if SETTING_NAME.fullmatch(name)
                    and SETTING_VALUE.fullmatch(value)}
        return [url.database, settings], {}

    def connect(self, path, settings):
        return SharedConnection(path, settings)

    def do_rollback(self, dbapi_connection):
        pass

    def _check_unicode_returns(self, connection, additional_tests=None):
        return True

    def _check_unicode_description(self, connection):
        return True

    def _get_default_schema_name(self, connection):
        return connection.exec_driver_sql("SELECT currentDatabase()").scalar()

    def _get_server_version_info(self, connection):
        version = connection.exec_driver_sql("SELECT version()").scalar()
        return tuple(int(part) for part in version.split(".")[:3] if part.isdigit())

    def get_isolation_level(self, dbapi_connection):
        return None

    def has_table(self, connection, table_name, schema=None, **kw):
        return table_name in self.get_table_names(connection, schema) + self.get_view_names(connection, schema)

    def get_schema_names(self, connection, **kw):
        return [row[0] for row in connection.exec_driver_sql(
            "SELECT name FROM system.databases WHERE name NOT IN ('system', 'INFORMATION_SCHEMA', "
            "'information_schema') ORDER BY name")]

    def _tables(self, connection, schema, views):
        database = quote_string(schema or self.default_schema_name)
        condition = "engine LIKE '%View'" if views else "engine NOT LIKE '%View'"
        return [row[0] for row in connection.exec_driver_sql(
            f"SELECT name FROM system.tables WHERE database = {database} AND {condition} ORDER BY name")]

    def get_table_names(self, connection, schema=None, **kw):
        return self._tables(connection, schema, views=False)

    def get_view_names(self, connection, schema=None, **kw):
        return self._tables(connection, schema, views=True)

    def get_columns(self, connection, table_name, schema=None, **kw):
        rows = connection.exec_driver_sql(
            f"SELECT name, type, default_expression FROM system.columns WHERE database = "
            f"{quote_string(schema or self.default_schema_name)} AND table = {quote_string(table_name)} "
            f"ORDER BY position")
        return [{"name": name, "type": sqlalchemy_type(column_type), "nullable": column_type.startswith("Nullable("),
                 "default": default_expression or None} for name, column_type, default_expression in rows]

    def get_pk_constraint(self, connection, table_name, schema=None, **kw):
        return {"constrained_columns": [], "name": None}

    def get_foreign_keys(self, connection, table_name, schema=None, **kw):
        return []

    def get_indexes(self, connection, table_name, schema=None, **kw):
        return []

    def get_unique_constraints(self, connection, table_name, schema=None, **kw):
        return []

    def get_check_constraints(self, connection, table_name, schema=None, **kw):
        return []

    def get_table_comment(self, connection, table_name, schema=None, **kw):
        return {"text": None}
