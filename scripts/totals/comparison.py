"""A replay's output table against the same table recomputed from the input: every key on both
sides with equal values, or the first keys that differ."""

import json
import re
from dataclasses import dataclass

from .sql import literal

SHOWN_DIFFERENCES = 3
# Floats are computed in another order by the jobs (Java doubles) and here: equal up to rounding.
RELATIVE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Check:
    """One line of the report: a table file (or a part of it) against `expected`."""

    name: str
    file: str
    expected: str
    keys: tuple  # ((column, ClickHouse type), ...)
    values: tuple = ()  # compared columns
    shown: tuple = ()  # columns shown beside a difference, never compared
    rows_filter: str = ""  # which rows of the file are the table's (SQL condition)
    row_name: str = "rows"
    summary_sql: str = "count()"
    summary_format: str = "{0:,} rows"
    note: str = ""
    extra_columns: tuple = ()  # read from the file for rows_filter and computed only
    computed: tuple = ()  # ((column, SQL expression over the file's columns), ...): columns the file does not hold as such
    hidden_when_empty: tuple = ()  # key columns a difference leaves out when empty (they identify other rows)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    line: str


def _columns(check):
    return check.keys + check.values + check.shown


def actual_table(check):
    return "actual_" + re.sub("[^a-z0-9]+", "_", check.name.lower())


def load_actual(engine, check, path):
    """The check's actual table from a table file: the declared columns, rows_filter applied."""
    computed = dict(check.computed)
    read = [column for column in _columns(check) if column[0] not in computed] + list(check.extra_columns)
    structure = ", ".join(f"{name} {kind}" for name, kind in read)
    where = f"WHERE {check.rows_filter}" if check.rows_filter else ""
    names = ", ".join(f"{computed[name]} AS {name}" if name in computed else name for name, _ in _columns(check))
    engine.query(f"CREATE TABLE {actual_table(check)} ENGINE = Memory AS "
                 f"SELECT {names} FROM file({literal(str(path))}, 'JSONEachRow', {literal(structure)}) {where}")


def _equal(name, kind):
    left, right = f"e.{name}", f"a.{name}"
    if "Float" in kind:
        close = f"abs({left} - {right}) <= {RELATIVE_TOLERANCE} * greatest(1.0, abs({left}))"
        return f"(({left} IS NULL AND {right} IS NULL) OR ({left} IS NOT NULL AND {right} IS NOT NULL AND {close}))"
    return f"{left} IS NOT DISTINCT FROM {right}"


def _side(table, check):
    columns = ", ".join(f"CAST({name} AS {kind}) AS {name}" for name, kind in _columns(check))
    return f"(SELECT {columns}, 1 AS present FROM {table})"


def differences_sql(check, limit=None):
    keys = ", ".join(name for name, _ in check.keys)
    equal = " AND ".join(["e.present = 1", "a.present = 1"] + [_equal(name, kind) for name, kind in check.values])
    picked = ", ".join([keys, "e.present AS in_input", "a.present AS in_table"]
                       + [f"e.{name} AS `input.{name}`, a.{name} AS `table.{name}`" for name, _ in check.values + check.shown])
    return (f"SELECT {picked} FROM {_side('expected_' + check.expected, check)} AS e "
            f"FULL OUTER JOIN {_side(actual_table(check), check)} AS a USING ({keys}) "
            f"WHERE NOT ({equal}) ORDER BY {keys} {f'LIMIT {limit}' if limit else ''} SETTINGS join_use_nulls = 0")


def _rows(engine, sql):
    return [json.loads(line) for line in str(engine.query(sql, "JSONEachRow")).splitlines() if line.strip()]


def describe(check, row, hidden_keys=()):
    """One difference: the key, then what the input gives and what the table holds."""
    key = " ".join(f"{name}={_key_text(row[name])}" for name, _ in check.keys
                   if name not in hidden_keys and not (name in check.hidden_when_empty and row[name] == ""))
    shown = "".join(f" ({row[f'input.{name}'] or row[f'table.{name}']})" for name, _ in check.shown)
    if not row["in_table"]:
        return f"{key}{shown} only from the input"
    if not row["in_input"]:
        return f"{key}{shown} only in the table"
    differing = [f"{name} {_text(row[f'input.{name}'])} from the input, {_text(row[f'table.{name}'])} in the table"
                 for name, kind in check.values
                 if row[f"input.{name}"] != row[f"table.{name}"]]
    return f"{key}: " + ", ".join(differing)


def _key_text(value):
    """A key's value, quoted when it would not show on its own (the channel "" of customers without State)."""
    return json.dumps(value, ensure_ascii=False) if value == "" or " " in str(value) else str(value)


def _text(value):
    return "NULL" if value is None else str(value)


def compare(engine, check, path, hidden_keys=(), load=load_actual):
    """Runs one check of the file at `path` (read by `load`); the outcome's line is the report's."""
    if not path.is_file():
        return Outcome(False, f"MISMATCH {check.name}: no {path.name} in {path.parent}")
    load(engine, check, path)
    keys = ", ".join(name for name, _ in check.keys)
    rows, distinct = _rows(engine, f"SELECT count() AS rows, uniqExact(({keys}, 0)) AS keys FROM {actual_table(check)}")[0].values()
    if int(rows) != int(distinct):
        return Outcome(False, f"MISMATCH {check.name}: {int(rows) - int(distinct):,} keys appear more than once in {path.name}")
    count = int(_rows(engine, f"SELECT count() AS differing FROM ({differences_sql(check)})")[0]["differing"])
    summary = _rows(engine, f"SELECT {check.summary_sql} FROM expected_{check.expected}")
    figures = check.summary_format.format(*[_number(value) for value in summary[0].values()])
    note = f" ({check.note})" if check.note else ""
    if count == 0:
        return Outcome(True, f"ok  {check.name}: {figures}{note}")
    first = _rows(engine, differences_sql(check, limit=SHOWN_DIFFERENCES))
    shown = "; ".join(describe(check, row, hidden_keys) for row in first)
    return Outcome(False, f"MISMATCH {check.name}: {count:,} of the {check.row_name} differ "
                          f"(input: {figures}); first: {shown}{note}")


def _number(value):
    """JSONEachRow writes 64-bit integers as strings; figures are numbers again for formatting."""
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return value
    return value
