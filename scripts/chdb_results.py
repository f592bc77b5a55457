"""A replay's output directory on the embedded current ClickHouse engine (chDB).

One place for what both the SQL tests (sql/tests) and `./run query` need: the schema from
sql/migrations, each result table loaded from DIR/TABLE.jsonl (what replay and demo write), and
an analyst query run over it. As a script:

    python scripts/chdb_results.py sql/queries/churn_by_channel.sql [MORE.sql ...] [--results out/demo/results]

loads the output once and prints each query's result as a table (under the first line of the
query's header comment when there are several); a missing file or directory is one `error:` line
and exit status 2, a query ClickHouse refuses one `error:` line and exit status 1.
"""

import argparse
import json
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
MIGRATIONS = REPOSITORY / "sql" / "migrations"
TABLES = [
    "group_daily_stats",
    "member_daily_activity",
    "employee_daily_behavior",
    "checkin_streaks",
    "checkin_milestones",
    "channel_conversion_daily",
    "compliance_alerts",
]
# The growth facts and the channel catalogue (DESIGN section 5b): loaded when the replay wrote them.
GROWTH_TABLES = [
    "customer_journey",
    "group_members",
    "channels",
]
ALERT_RETENTION_DAYS = "400"
TIMEZONE = "Asia/Shanghai"
DEFAULT_RESULTS = Path("out/demo/results")


def statements(sql_text):
    """The statements of a migration file: split at semicolons that end a line."""
    body = "\n".join(line for line in sql_text.splitlines() if not line.strip().startswith("--"))
    return [statement.strip() for statement in body.split(";\n") if statement.strip().rstrip(";").strip()]


def migration_sql(path):
    return (path.read_text(encoding="utf-8")
            .replace("{{alert_retention_days}}", ALERT_RETENTION_DAYS)
            .replace("{{timezone}}", TIMEZONE))


def create_schema(engine, migrations=MIGRATIONS):
    """Applies every migration, in name order, as ./run migrate does."""
    for migration in sorted(migrations.glob("*.sql")):
        for statement in statements(migration_sql(migration)):
            engine.query(statement)


def load_results(engine, results, times=1):
    """Inserts each DIR/TABLE.jsonl that exists, `times` times (a replayed sink batch); returns rows per table."""
    loaded = {}
    for table in TABLES + GROWTH_TABLES:
        file = Path(results) / f"{table}.jsonl"
        data = file.read_text(encoding="utf-8") if file.is_file() else ""
        loaded[table] = sum(1 for line in data.splitlines() if line.strip())
        if data.strip():
            for _ in range(times):
                engine.query(f"INSERT INTO wecom.{table} FORMAT JSONEachRow\n{data}")
    return loaded


def open_engine(directory):
    """A chDB session in `directory` with the schema created. chDB serves one directory per process."""
    from chdb import session

    engine = session.Session(str(directory))
    create_schema(engine)
    return engine


def open_warehouse(directory, results, times=1):
    """A chDB session in `directory` with the schema created and the results loaded."""
    engine = open_engine(directory)
    load_results(engine, results, times)
    return engine


def query_rows(engine, sql):
    """Runs a query and returns its rows as dicts."""
    result = engine.query(sql, "JSONEachRow")
    return [json.loads(line) for line in str(result).splitlines() if line.strip()]


def main(arguments=None, out=sys.stdout, err=sys.stderr):
    parser = argparse.ArgumentParser(prog="./run query", description="Run an analyst query over a replay's output.")
    parser.add_argument("files", type=Path, nargs="+", metavar="FILE",
                        help="the queries, e.g. sql/queries/churn_by_channel.sql")
    parser.add_argument("--results", type=Path, default=DEFAULT_RESULTS, metavar="DIR",
                        help=f"a replay's output directory (default {DEFAULT_RESULTS})")
    parser.add_argument("--max-rows", type=int, default=None, metavar="N",
                        help="print at most N rows of each query, and how many were left out")
    parser.add_argument("--format", default="PrettyCompactMonoBlock",
                        help="a ClickHouse output format (default PrettyCompactMonoBlock)")
    options = parser.parse_args(arguments)
    for file in options.files:
        if not file.is_file():
            print(f"error: FILE: cannot read {file}", file=err)
            return 2
    if not any((options.results / f"{table}.jsonl").is_file() for table in TABLES + GROWTH_TABLES):
        print(f"error: --results: no table files in {options.results} (write them with ./run demo or ./run replay --out DIR)",
              file=err)
        return 2
    import tempfile

    with tempfile.TemporaryDirectory(prefix="wecom-flow-chdb-") as directory:
        engine = open_warehouse(directory, options.results)
        try:
            for file in options.files:
                try:
                    result, left_out = run_query(engine, file.read_text(encoding="utf-8"), options.format,
                                                 options.max_rows)
                except Exception as error:  # chDB raises its own RuntimeError subclasses with ClickHouse's message
                    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
                    print(f"error: {file}: {first_line}", file=err)
                    # Like a statement ./run migrate sends and the server refuses: the command failed while running.
                    return 1
                if len(options.files) > 1:
                    out.write(f"\n{title(file)} ({file})\n")
                out.write(str(result))
                if left_out:
                    out.write(f"... and {left_out:,} more rows (./run query {file})\n")
        finally:
            engine.close()
    return 0


def run_query(engine, sql, output_format, max_rows=None):
    """The query's result in the format, at most max_rows rows of it, and how many rows were left out."""
    if max_rows is None:
        return engine.query(sql, output_format), 0
    body = sql.strip().rstrip(";")
    total = int(str(engine.query(f"SELECT count() FROM ({body})", "TSV")).strip())
    return engine.query(f"SELECT * FROM ({body}) LIMIT {max_rows}", output_format), max(0, total - max_rows)


def title(query_file):
    """What a query answers: the first line of its header comment, up to its first colon."""
    for line in query_file.read_text(encoding="utf-8").splitlines():
        if line.startswith("--"):
            return line.lstrip("-").strip().split(":")[0]
    return query_file.stem


if __name__ == "__main__":
    sys.exit(main())
