"""./run dashboards' options, checked by the system's python3 before Superset is installed.

    python3 scripts/superset/superset_arguments.py [--results DIR] [--home DIR] [--port N]

exits 0 when the options are good, 2 with one `error:` line when not (--help prints the usage).
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from chdb_results import DEFAULT_RESULTS, GROWTH_TABLES, TABLES  # noqa: E402

DEFAULT_HOME = Path("out/superset")


def parser():
    options = argparse.ArgumentParser(
        prog="./run dashboards",
        description="Start Superset on 127.0.0.1 with the project's dashboards (dashboards/) over a replay's output "
                    "loaded into the embedded ClickHouse engine (chDB), and print the URL and the login. Superset "
                    "and chDB install into .venv-superset on first use.")
    options.add_argument("--results", type=Path, default=DEFAULT_RESULTS, metavar="DIR",
                         help=f"a replay's output directory (default {DEFAULT_RESULTS})")
    options.add_argument("--home", type=Path, default=DEFAULT_HOME, metavar="DIR",
                         help=f"where Superset's metadata, login and the loaded warehouse live (default {DEFAULT_HOME})")
    options.add_argument("--port", type=int, default=None, metavar="N", help="the port (default: a free one)")
    return options


def problem(options):
    """What is wrong with the options, as the text after `error: `; None when nothing is."""
    if not any((options.results / f"{table}.jsonl").is_file() for table in TABLES + GROWTH_TABLES):
        return (f"--results: no table files in {options.results} "
                f"(write them with ./run demo or ./run replay --out DIR)")
    if options.port is not None and not 0 < options.port < 65536:
        return f"--port: {options.port} is not a port number"
    return None


def parse(arguments=None):
    """The options; exits with status 2 and one `error:` line when they are wrong."""
    options = parser().parse_args(arguments)
    wrong = problem(options)
    if wrong:
        print(f"error: {wrong}", file=sys.stderr)
        sys.exit(2)
    return options


if __name__ == "__main__":
    parse()
