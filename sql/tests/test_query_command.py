"""`./run query` (scripts/chdb_results.py): an analyst query over a small, known replay output.

Each run is a process of its own, as `./run query` starts it: chDB serves one data directory per
process, and the session's warehouse fixture may hold it."""

import json
import subprocess
import sys

from chdb_results import REPOSITORY

DAILY_ACTIVE = str(REPOSITORY / "sql" / "queries" / "daily_active_members_per_group.sql")


def member_day(chat, member, day, member_type, messages, checked_in, version):
    return json.dumps({
        "corp_id": "wwcorp", "chat_id": chat, "member_id": member, "stat_date": day, "member_type": member_type,
        "msg_cnt": messages, "first_msg_at": f"{day} 09:00:00.000", "last_msg_at": f"{day} 18:00:00.000",
        "checked_in": checked_in, "version": version,
    })


def write_results(directory):
    rows = [
        member_day("wrA", "wmAnna", "2025-11-03", "customer", 2, 0, 1),
        # A later version of Anna's day: FINAL keeps this one only.
        member_day("wrA", "wmAnna", "2025-11-03", "customer", 5, 1, 7),
        member_day("wrA", "zhangwei", "2025-11-03", "employee", 3, 0, 2),
        member_day("wrA", "wmBo", "2025-11-04", "customer", 1, 1, 3),
        member_day("wrB", "wmCai", "2025-11-03", "customer", 4, 0, 4),
    ]
    (directory / "member_daily_activity.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (directory / "group_daily_stats.jsonl").write_text("", encoding="utf-8")


def run(arguments):
    script = str(REPOSITORY / "scripts" / "chdb_results.py")
    completed = subprocess.run([sys.executable, script, *arguments], capture_output=True, text=True, timeout=120)
    return completed.returncode, completed.stdout, completed.stderr


def test_a_query_over_a_known_output_gives_exactly_its_rows(tmp_path):
    write_results(tmp_path)

    status, out, err = run([DAILY_ACTIVE, "--results", str(tmp_path),
                            "--format", "JSONEachRow"])

    assert status == 0, err
    assert [json.loads(line) for line in out.splitlines()] == [
        {"corp_id": "wwcorp", "chat_id": "wrA", "stat_date": "2025-11-03", "active_members": 2, "active_customers": 1,
         "messages": 8, "checked_in_members": 1},
        {"corp_id": "wwcorp", "chat_id": "wrB", "stat_date": "2025-11-03", "active_members": 1, "active_customers": 1,
         "messages": 4, "checked_in_members": 0},
        {"corp_id": "wwcorp", "chat_id": "wrA", "stat_date": "2025-11-04", "active_members": 1, "active_customers": 1,
         "messages": 1, "checked_in_members": 1},
    ]


def test_the_default_output_is_a_table(tmp_path):
    write_results(tmp_path)

    status, out, _ = run([DAILY_ACTIVE, "--results", str(tmp_path)])

    assert status == 0
    lines = out.splitlines()
    assert "active_members" in lines[0] and "checked_in_members" in lines[0]
    assert len([line for line in lines if "wwcorp" in line]) == 3


def test_a_directory_without_results_is_one_error_line(tmp_path):
    status, out, err = run([DAILY_ACTIVE, "--results", str(tmp_path / "none")])

    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("error: --results: no table files in ")


def test_a_query_the_engine_refuses_is_one_error_line_naming_the_file(tmp_path):
    write_results(tmp_path)
    query = tmp_path / "broken.sql"
    query.write_text("SELECT no_such_column FROM wecom.member_daily_activity", encoding="utf-8")

    status, out, err = run([str(query), "--results", str(tmp_path)])

    assert status == 1
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"error: {query}: ")


def test_several_queries_run_over_one_loading_each_under_its_title(tmp_path):
    write_results(tmp_path)
    members = tmp_path / "members.sql"
    members.write_text("-- Members by group: how many\nSELECT chat_id, count() AS members\n"
                       "FROM wecom.member_daily_activity FINAL GROUP BY chat_id ORDER BY chat_id;\n", encoding="utf-8")

    status, out, err = run([DAILY_ACTIVE, str(members), "--results", str(tmp_path), "--format", "JSONEachRow"])

    assert status == 0, err
    lines = [line for line in out.splitlines() if line.strip()]
    assert lines[0].startswith("Daily active members per group") and lines[0].endswith(f"({DAILY_ACTIVE})")
    assert len(lines) == 1 + 3 + 1 + 2
    assert lines[4] == f"Members by group ({members})"
    assert [json.loads(line) for line in lines[5:]] == [
        {"chat_id": "wrA", "members": 3}, {"chat_id": "wrB", "members": 1}]


def test_max_rows_prints_the_first_rows_and_how_many_were_left_out(tmp_path):
    write_results(tmp_path)

    status, out, err = run([DAILY_ACTIVE, "--results", str(tmp_path), "--format", "JSONEachRow", "--max-rows", "2"])

    assert status == 0, err
    lines = out.splitlines()
    assert [json.loads(line)["stat_date"] for line in lines[:2]] == ["2025-11-03", "2025-11-03"]
    assert lines[2] == f"... and 1 more rows (./run query {DAILY_ACTIVE})"
