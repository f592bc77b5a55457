"""`./run verify`: a replay's tables checked against totals recomputed straight from its input files.

    python scripts/check_totals.py --callbacks FILE --messages FILE [--rules FILE] [--channels FILE] [--config FILE] --out DIR

reads the input as replay does, recomputes every table in SQL on chDB (a current ClickHouse engine,
in-process) following DESIGN sections 3 to 5b, and compares each with the table file replay wrote in
DIR. It shares no code with the Java jobs, so a bug of theirs cannot hide in the check. It prints
one line per check, `ok  ...` or `MISMATCH ...` with the first differing keys, and exits 0 when
every check agrees, 1 otherwise, 2 on a bad argument (one `error:` line). Progress goes to
standard error.

What it assumes: no event arrived after its day's lateness horizon (replay's own input never
does; one that did shows up as a dead letter the input does not explain).
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

# Standard library only up to main's first use of chDB: the run script checks the arguments with the
# system's python3 before it creates .venv, so that a mistyped option costs no 150 MB install.
from totals import checks, comparison, expected, records
from totals.alerts import NOT_RECOMPUTED, expected_alerts_sql
from totals.rules import re2_refuses, read_rules
from totals.settings import SettingsError, load_settings


# The input files, in the order the report counts their dead letters.
INPUTS = ("callbacks", "messages", "rules", "channels")


class ArgumentError(ValueError):
    """A bad command line: one `error:` line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise ArgumentError(message)


def parse_arguments(arguments):
    parser = _Parser(prog="./run verify",
                     description="Check a replay's tables against totals recomputed from its input files "
                                 "(chDB, independent of the Java jobs).",
                     epilog="Prints one line per check, 'ok  ...' or 'MISMATCH ...' with the first differing keys; "
                            "exits 0 when every check agrees, 1 otherwise, 2 on a bad argument.")
    parser.add_argument("--callbacks", type=Path, required=True, metavar="FILE", help="the callbacks replay read")
    parser.add_argument("--messages", type=Path, required=True, metavar="FILE", help="the archive messages replay read")
    parser.add_argument("--rules", type=Path, metavar="FILE", help="the compliance rules replay read, if any")
    parser.add_argument("--channels", type=Path, metavar="FILE", help="the channel catalogue replay read, if any")
    parser.add_argument("--config", type=Path, metavar="FILE", help="the --config replay ran with, if any")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="the directory replay wrote its tables to")
    parser.add_argument("--check-arguments-only", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(arguments)
    for option in ("callbacks", "messages", "rules", "channels", "config"):
        path = getattr(options, option)
        if path is not None and not path.is_file():
            raise ArgumentError(f"--{option}: cannot read {path}")
    if not options.out.is_dir():
        raise ArgumentError(f"--out: no directory {options.out} (the --out of ./run replay)")
    inputs = [(option, getattr(options, option)) for option in INPUTS if getattr(options, option) is not None]
    for index, (option, path) in enumerate(inputs):
        for other, other_path in inputs[index + 1:]:
            if path.name == other_path.name:
                raise ArgumentError(f"--{option} and --{other} are both named {path.name}: "
                                    "dead letters name an input by its file name")
    return options


def recompute(engine, options, settings, rules, progress):
    """Reads the input files and builds every expected table."""
    from totals.input_lines import create_lines_table, load_lines

    load_lines(engine, "raw_callbacks", options.callbacks, progress)
    load_lines(engine, "raw_messages", options.messages, progress)
    if options.channels is not None:
        load_lines(engine, "raw_channels", options.channels, progress)
    else:
        create_lines_table(engine, "raw_channels")  # no catalogue: an empty channels table
    now_millis = int(time.time() * 1000)
    steps = [("reading callbacks", records.callbacks_sql(now_millis)),
             ("reading messages", records.messages_sql(now_millis)),
             ("reading the channel catalogue", records.catalogue_sql())]
    steps += [("deriving counted messages and changes", sql) for sql in records.derived_sql(settings)]
    steps += [(f"recomputing {table}", build(settings)) for table, build in expected.TABLES.items()]
    steps += [("recomputing compliance_alerts", sql) for sql in expected_alerts_sql(rules, settings)]
    for status, sql in steps:
        progress.update(status)
        engine.query(sql)
    progress.done("recomputed every table from the input")


def input_names(options):
    """Each input by its file name, as dead letters name it."""
    return {option: getattr(options, option).name for option in INPUTS if getattr(options, option) is not None}


def run_checks(engine, options, settings, rules_file, progress):
    """Every check, in report order: the outcomes."""
    skipped = [rule for rule in rules_file.in_force if rule.kind == "regex" and re2_refuses(engine, rule.pattern)]
    not_recomputed = [rule.rule_id for rule in rules_file.in_force if rule.rule_id in NOT_RECOMPUTED]
    checked = [rule for rule in rules_file.in_force if rule not in skipped and rule.rule_id not in not_recomputed]
    recompute(engine, options, settings, checked, progress)
    names = input_names(options)
    engine.query(checks.expected_dead_letters_sql(names, rules_file.rejected))
    # One tenant's keys need not repeat its CorpID in every difference shown.
    hidden = ("corp_id",) if records.corp_count(engine) <= 1 else ()
    table_checks = checks.table_checks(settings)
    outcomes = [comparison.compare(engine, check, options.out / check.file, hidden) for check in table_checks]
    table_alerts, stream_alerts = checks.alert_checks(checked, skipped, not_recomputed)
    outcomes.append(comparison.compare(engine, table_alerts, options.out / table_alerts.file, hidden))
    outcomes.append(comparison.compare(engine, stream_alerts, options.out / stream_alerts.file, hidden,
                                       load=checks.load_alert_stream))
    dead_letters = checks.dead_letter_check(names)
    outcomes.append(comparison.compare(engine, dead_letters, options.out / dead_letters.file, hidden,
                                       load=checks.load_dead_letters))
    return outcomes


def main(arguments=None, out=sys.stdout, err=sys.stderr):
    try:
        options = parse_arguments(arguments)
        if options.check_arguments_only:
            return 0
        settings = load_settings(options.config)
        rules_file = read_rules(options.rules)
    except (ArgumentError, SettingsError, OSError) as error:
        print(f"error: {error}", file=err)
        return 2
    from chdb import session

    from totals.input_lines import Progress

    with tempfile.TemporaryDirectory(prefix="wecom-flow-verify-") as directory:
        engine = session.Session(directory)
        try:
            outcomes = run_checks(engine, options, settings, rules_file, Progress(err))
        except Exception as error:  # chDB raises its own RuntimeError subclasses with ClickHouse's message
            first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
            print(f"error: the check itself failed: {first_line}", file=err)
            return 1
        finally:
            engine.close()
    for outcome in outcomes:
        print(outcome.line, file=out)
    failed = sum(not outcome.ok for outcome in outcomes)
    print(f"{len(outcomes) - failed} of {len(outcomes)} checks agree with the input", file=err)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
