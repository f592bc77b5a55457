"""Every analyst query in sql/queries, on a current ClickHouse engine, against answers computed
independently from the replay's final rows. A query that forgot FINAL would count every row twice."""

import datetime
import json
from collections import defaultdict

from chdb_results import MIGRATIONS, TABLES, migration_sql, statements
from conftest import QUERIES, run_query

ATTRIBUTION_WINDOW_DAYS = 7
MINIMUM_INITIATED_CHATS = 20


def close_to(actual, numerator, denominator):
    """A value rounded to one decimal place is within half a step of the exact ratio."""
    return abs(actual - 100.0 * numerator / denominator) <= 0.05 + 1e-9


def monday(day):
    date = datetime.date.fromisoformat(day)
    return (date - datetime.timedelta(days=date.weekday())).isoformat()


def plus_days(day, days):
    return (datetime.date.fromisoformat(day) + datetime.timedelta(days=days)).isoformat()


def ordinal(day):
    return datetime.date.fromisoformat(day).toordinal()


def newest_business_date(rows):
    """The newest date any event left in the data: group activity, employee days, cohorts."""
    return max([r["stat_date"] for r in rows["group_daily_stats"]]
               + [r["stat_date"] for r in rows["employee_daily_behavior"]]
               + [r["cohort_date"] for r in rows["channel_conversion_daily"]])


def window_complete(cohort_date, rows):
    """A customer added on cohort_date is followed until the end of cohort_date + W at most."""
    return plus_days(cohort_date, ATTRIBUTION_WINDOW_DAYS) < newest_business_date(rows)


def test_the_newest_business_date_is_the_newest_event_of_any_table(warehouse, rows):
    result = warehouse.query("SELECT newest_business_date FROM wecom.newest_business_date", "CSV")
    assert str(result).strip().strip('"') == newest_business_date(rows)


def test_final_gives_one_row_per_key_after_loading_every_table_twice(warehouse, rows):
    for table in TABLES:
        counted = warehouse.query(f"SELECT count() FROM wecom.{table} FINAL", "CSV")
        assert int(str(counted).strip()) == len(rows[table]), table
        raw = warehouse.query(f"SELECT count() FROM wecom.{table}", "CSV")
        assert int(str(raw).strip()) == 2 * len(rows[table]), table
    assert all(len(rows[table]) > 0 for table in TABLES)


def test_channel_funnel_by_week(warehouse, rows):
    expected = defaultdict(lambda: [0, 0, 0, 0, 0])
    for row in rows["channel_conversion_daily"]:
        totals = expected[(row["corp_id"], row["state"], monday(row["cohort_date"]))]
        for i, column in enumerate(["new_customers", "joined_group", "engaged", "checked_in", "lost"]):
            totals[i] += row[column]

    result = run_query(warehouse, "channel_funnel_by_week")

    stages = ["joined_within_window", "talked_within_window", "checked_in_within_window", "lost_within_window"]
    assert {(r["corp_id"], r["state"], r["week"]): [r["customers"]] + [r[stage] for stage in stages]
            for r in result} == dict(expected)
    for r in result:
        for stage in stages:
            assert close_to(r[stage + "_pct"], r[stage], r["customers"])
    order = [(r["week"], -r["customers"], r["state"]) for r in result]
    assert order == sorted(order)
    # The generator's 9 codes, no State, and the 7 fission posters through which friends came.
    assert len({r["state"] for r in result}) == 17


def test_channel_funnel_marks_weeks_whose_windows_have_not_all_ended(warehouse, rows):
    result = run_query(warehouse, "channel_funnel_by_week")

    for r in result:
        assert r["window_complete"] == int(window_complete(plus_days(r["week"], 6), rows)), r
    # The replay's last weeks are still in their windows and its first is not: both kinds are there.
    assert {r["window_complete"] for r in result} == {0, 1}
    newest_week = max(r["week"] for r in result)
    assert all(r["window_complete"] == 0 for r in result if r["week"] == newest_week)


def test_daily_active_members_per_group(warehouse, rows):
    expected = defaultdict(lambda: [0, 0, 0, 0])
    for row in rows["member_daily_activity"]:
        totals = expected[(row["corp_id"], row["chat_id"], row["stat_date"])]
        totals[0] += 1
        totals[1] += row["member_type"] == "customer"
        totals[2] += row["msg_cnt"]
        totals[3] += row["checked_in"]

    result = run_query(warehouse, "daily_active_members_per_group")

    assert {(r["corp_id"], r["chat_id"], r["stat_date"]):
            [r["active_members"], r["active_customers"], r["messages"], r["checked_in_members"]]
            for r in result} == dict(expected)
    # The member-level table and the group-level table of the same job agree.
    group_days = {(g["corp_id"], g["chat_id"], g["stat_date"]): g for g in rows["group_daily_stats"]}
    for r in result:
        group = group_days[(r["corp_id"], r["chat_id"], r["stat_date"])]
        assert r["active_members"] == group["member_has_msg"]
        assert r["messages"] == group["msg_total"]
        assert r["checked_in_members"] == group["checkin_members"]


def test_employee_reply_ranking(warehouse, rows):
    per_employee = defaultdict(list)
    for row in rows["employee_daily_behavior"]:
        per_employee[(row["corp_id"], row["userid"])].append(row)
    # The daily counts are the ones behind each day's percentage (DESIGN section 5).
    for row in rows["employee_daily_behavior"]:
        if row["initiated_chat_cnt"]:
            assert row["reply_percentage"] == 100.0 * row["replied_chat_cnt"] / row["initiated_chat_cnt"]
        else:
            assert row["reply_percentage"] is None

    result = run_query(warehouse, "employee_reply_ranking")

    eligible = {key for key, days in per_employee.items()
                if sum(d["initiated_chat_cnt"] for d in days) >= MINIMUM_INITIATED_CHATS}
    assert {(r["corp_id"], r["userid"]) for r in result} == eligible
    assert eligible
    mean_of_days_would_differ = False
    for r in result:
        days = per_employee[(r["corp_id"], r["userid"])]
        initiated = sum(d["initiated_chat_cnt"] for d in days)
        replied = sum(d["replied_chat_cnt"] for d in days)
        reply_minutes = sum(d["avg_reply_time"] * d["replied_chat_cnt"] for d in days if d["replied_chat_cnt"])
        assert (r["customer_initiated_chats"], r["replied_chats"]) == (initiated, replied)
        assert close_to(r["reply_pct"], replied, initiated)
        assert abs(r["mean_reply_minutes"] - reply_minutes / replied) <= 0.05 + 1e-9
        assert r["chat_customer_days"] == sum(d["chat_cnt"] for d in days)
        assert r["messages"] == sum(d["message_cnt"] for d in days)
        assert r["new_contacts"] == sum(d["new_contact_cnt"] for d in days)
        assert r["deleted_by_customers"] == sum(d["negative_feedback_cnt"] for d in days)
        percentages = [d["reply_percentage"] for d in days if d["reply_percentage"] is not None]
        mean_of_days_would_differ |= abs(sum(percentages) / len(percentages) - 100.0 * replied / initiated) > 0.1
    # The old query's mean of daily percentages is not what this data's exact rates are.
    assert mean_of_days_would_differ
    ranking = [(r["corp_id"], -r["reply_pct"], r["mean_reply_minutes"], r["userid"]) for r in result]
    assert ranking == sorted(ranking)


def test_checkin_leaderboard(warehouse, rows):
    live_from = plus_days(newest_business_date(rows), -1)
    groups = defaultdict(list)
    for row in rows["checkin_streaks"]:
        groups[(row["corp_id"], row["chat_id"])].append(row)
    expected = []
    for (corp, chat), members in sorted(groups.items()):
        live = [m for m in members if m["last_checkin_date"] >= live_from]
        broken = [m for m in members if m["last_checkin_date"] < live_from]
        ranked = []
        for member in live:
            better = sum(1 for other in live
                         if (other["current_streak"], other["longest_streak"])
                         > (member["current_streak"], member["longest_streak"]))
            ranked.append((better + 1, member["member_id"], member))
        # Equal streaks share a rank; among them, who checked in most recently comes first.
        ties_by_recency = sorted(ranked, key=lambda item: (item[0], -ordinal(item[2]["last_checkin_date"]), item[1]))
        for rank, member_id, member in ties_by_recency[:10]:
            expected.append((corp, chat, member_id, "live", member["current_streak"], member["longest_streak"],
                             member["total_days"], member["last_checkin_date"], rank))
        recently_broken = sorted(broken, key=lambda m: (-ordinal(m["last_checkin_date"]), -m["current_streak"], m["member_id"]))
        for member in recently_broken[:10]:
            expected.append((corp, chat, member["member_id"], "broken", member["current_streak"],
                             member["longest_streak"], member["total_days"], member["last_checkin_date"], None))

    result = run_query(warehouse, "checkin_leaderboard")

    assert [(r["corp_id"], r["chat_id"], r["member_id"], r["streak_status"], r["current_streak"], r["longest_streak"],
             r["total_days"], r["last_checkin_date"], r["rank_in_group"]) for r in result] == expected
    assert any(r["current_streak"] >= 7 for r in result if r["streak_status"] == "live")


def test_a_broken_streak_is_not_ranked_above_live_ones(warehouse, rows):
    result = run_query(warehouse, "checkin_leaderboard")

    # The replay has members whose streak ended two or more days before the newest day, longer than
    # live streaks of their group: ranking every row, as before, put them above those live ones.
    overtaken = [(b["chat_id"], b["member_id"]) for b in result if b["streak_status"] == "broken"
                 and any(l["chat_id"] == b["chat_id"] and l["current_streak"] < b["current_streak"]
                         for l in result if l["streak_status"] == "live")]
    assert overtaken
    for r in result:
        assert (r["rank_in_group"] is None) == (r["streak_status"] == "broken")
        assert (r["last_checkin_date"] >= plus_days(newest_business_date(rows), -1)) == (r["streak_status"] == "live")


def test_alerts_per_day(warehouse, rows):
    expected = defaultdict(set)
    counts = defaultdict(int)
    for alert in rows["compliance_alerts"]:
        key = (alert["corp_id"], alert["msg_time"][:10], alert["category"], alert["severity"])
        counts[key] += 1
        expected[key].add(alert["sender"])

    result = run_query(warehouse, "alerts_per_day")

    assert {(r["corp_id"], r["day"], r["category"], r["severity"]): (r["alerts"], r["senders"]) for r in result} == {
        key: (counts[key], len(senders)) for key, senders in expected.items()}
    # Word rules, behaviour rules and the monitors (reply timeouts, floods, mass deletion) all count.
    assert {r["category"] for r in result} == {
        "personal_info", "solicitation", "inducement", "behavior", "service", "flood", "churn"}


def test_churn_by_channel(warehouse, rows):
    expected = defaultdict(lambda: [0, 0, 0])
    for row in rows["channel_conversion_daily"]:
        totals = expected[(row["corp_id"], row["state"])]
        if window_complete(row["cohort_date"], rows):
            totals[0] += row["new_customers"]
            totals[1] += row["lost"]
        else:
            totals[2] += row["new_customers"]

    result = run_query(warehouse, "churn_by_channel")

    assert {(r["corp_id"], r["state"]): [r["customers"], r["lost_within_window"], r["customers_window_open"]]
            for r in result} == dict(expected)
    for r in result:
        if r["customers"] == 0:
            assert r["lost_within_window_pct"] is None, r
        else:
            assert close_to(r["lost_within_window_pct"], r["lost_within_window"], r["customers"])
    # Cohorts still in their window are there, and counted apart: the rate is not over every customer.
    assert sum(r["customers_window_open"] for r in result) > 0
    # A fission poster whose friends all came in the last week has no ended window yet, the others do.
    assert any(r["customers"] == 0 for r in result)
    assert sum(r["customers"] > 0 for r in result) >= 10
    order = [(r["lost_within_window_pct"] is None, -(r["lost_within_window_pct"] or 0), r["state"]) for r in result]
    assert order == sorted(order)


def test_the_highest_version_wins_whatever_the_insert_order(warehouse):
    warehouse.query("CREATE TABLE wecom.version_probe AS wecom.channel_conversion_daily")
    newer = ('{"corp_id":"c","state":"s","cohort_date":"2026-11-02","new_customers":2,"joined_group":1,'
             '"engaged":1,"checked_in":0,"lost":0,"version":20,"is_deleted":0}')
    older = newer.replace('"new_customers":2', '"new_customers":9').replace('"version":20', '"version":10')
    warehouse.query(f"INSERT INTO wecom.version_probe FORMAT JSONEachRow\n{newer}")
    warehouse.query(f"INSERT INTO wecom.version_probe FORMAT JSONEachRow\n{older}")
    result = warehouse.query("SELECT new_customers FROM wecom.version_probe FINAL", "CSV")
    assert str(result).strip() == "2"

    emptied = newer.replace('"version":20', '"version":30').replace('"is_deleted":0', '"is_deleted":1')
    warehouse.query(f"INSERT INTO wecom.version_probe FORMAT JSONEachRow\n{emptied}")
    result = warehouse.query("SELECT count() FROM wecom.version_probe FINAL", "CSV")
    assert str(result).strip() == "0"
    warehouse.query("DROP TABLE wecom.version_probe")


def test_times_keep_the_business_time_zone(warehouse):
    time_type = warehouse.query("SELECT toTypeName(first_msg_at) FROM wecom.member_daily_activity LIMIT 1", "CSV")
    assert "DateTime64(3, 'Asia/Shanghai')" in str(time_type)
    late_evening = warehouse.query(
        "SELECT count() FROM wecom.member_daily_activity FINAL WHERE toDate(first_msg_at) != stat_date", "CSV")
    assert int(str(late_evening).strip()) == 0


def probe_database(engine, database, migrations):
    """A database of its own in the same engine, with the given migrations' tables in it."""
    engine.query(f"CREATE DATABASE {database}")
    for migration in migrations:
        for statement in statements(migration_sql(MIGRATIONS / migration).replace("wecom.", f"{database}.")):
            engine.query(statement)


def query_rows(engine, sql):
    return [json.loads(line) for line in str(engine.query(sql, "JSONEachRow")).splitlines() if line.strip()]


def test_the_reply_counts_migration_upgrades_a_table_with_rows_in_it(warehouse, rows):
    probe_database(warehouse, "upgrade_probe", ["002_result_tables.sql"])
    before = [{k: v for k, v in row.items() if not k.endswith("ed_chat_cnt")} for row in rows["employee_daily_behavior"]]
    warehouse.query("INSERT INTO upgrade_probe.employee_daily_behavior FORMAT JSONEachRow\n"
                    + "\n".join(json.dumps(row) for row in before))

    for _ in range(2):
        for statement in statements(migration_sql(MIGRATIONS / "003_reply_counts_and_newest_business_date.sql")
                                    .replace("wecom.", "upgrade_probe.")):
            warehouse.query(statement)

    kept = query_rows(warehouse, "SELECT count() AS n, sum(chat_cnt) AS chats, sum(initiated_chat_cnt) AS initiated, "
                                 "sum(replied_chat_cnt) AS replied FROM upgrade_probe.employee_daily_behavior FINAL")
    assert kept == [{"n": len(before), "chats": sum(r["chat_cnt"] for r in before), "initiated": 0, "replied": 0}]
    types = query_rows(warehouse, "SELECT name, type FROM system.columns WHERE database = 'upgrade_probe' "
                                  "AND table = 'employee_daily_behavior' ORDER BY position")
    assert [(t["name"], t["type"]) for t in types][-3:] == [
        ("initiated_chat_cnt", "UInt32"), ("replied_chat_cnt", "UInt32"), ("version", "UInt64")]

    # The jobs' next versions of the same rows carry the counts.
    warehouse.query("INSERT INTO upgrade_probe.employee_daily_behavior FORMAT JSONEachRow\n"
                    + "\n".join(json.dumps(dict(row, version=row["version"] + 1))
                                for row in rows["employee_daily_behavior"]))
    rewritten = query_rows(warehouse, "SELECT sum(initiated_chat_cnt) AS initiated "
                                      "FROM upgrade_probe.employee_daily_behavior FINAL")
    assert rewritten == [{"initiated": sum(r["initiated_chat_cnt"] for r in rows["employee_daily_behavior"])}]
    warehouse.query("DROP DATABASE upgrade_probe")


def test_reply_ranking_weights_days_by_their_chats_and_leaves_out_small_volumes(warehouse):
    probe_database(warehouse, "ranking_probe",
                   ["002_result_tables.sql", "003_reply_counts_and_newest_business_date.sql"])

    def day(userid, date, initiated, replied, minutes):
        return json.dumps({"corp_id": "wwprobe", "userid": userid, "stat_date": date, "new_contact_cnt": 0,
                           "negative_feedback_cnt": 0, "chat_cnt": replied, "message_cnt": replied,
                           "reply_percentage": 100.0 * replied / initiated, "avg_reply_time": minutes,
                           "initiated_chat_cnt": initiated, "replied_chat_cnt": replied, "version": 1})

    warehouse.query("INSERT INTO ranking_probe.employee_daily_behavior FORMAT JSONEachRow\n" + "\n".join([
        # 20 of 40 in 10 minutes, then 1 of 1 in 2: 21 of 41 (51.2%) in 9.6 minutes, not 75% in 6.
        day("steady", "2026-11-02", 40, 20, 10.0),
        day("steady", "2026-11-03", 1, 1, 2.0),
        day("busy", "2026-11-02", 30, 27, 4.0),
        # Every chat answered, but only 19: too few to rank.
        day("newcomer", "2026-11-02", 19, 19, 1.0),
    ]))
    sql = (QUERIES / "employee_reply_ranking.sql").read_text(encoding="utf-8").replace("wecom.", "ranking_probe.")

    result = query_rows(warehouse, sql)

    assert [(r["userid"], r["customer_initiated_chats"], r["replied_chats"], r["reply_pct"], r["mean_reply_minutes"])
            for r in result] == [("busy", 30, 27, 90.0, 4.0), ("steady", 41, 21, 51.2, 9.6)]
    warehouse.query("DROP DATABASE ranking_probe")


def test_the_newest_business_date_takes_whichever_table_saw_the_newest_event(warehouse):
    probe_database(warehouse, "newest_probe", ["002_result_tables.sql", "003_reply_counts_and_newest_business_date.sql"])
    newest = "SELECT toString(newest_business_date) AS day FROM newest_probe.newest_business_date"
    warehouse.query("INSERT INTO newest_probe.group_daily_stats (corp_id, chat_id, stat_date, version) "
                    "VALUES ('c', 'wr1', '2026-11-05', 1)")
    assert query_rows(warehouse, newest) == [{"day": "2026-11-05"}]
    warehouse.query("INSERT INTO newest_probe.channel_conversion_daily (corp_id, state, cohort_date, version) "
                    "VALUES ('c', 's', '2026-11-07', 1)")
    assert query_rows(warehouse, newest) == [{"day": "2026-11-07"}]
    warehouse.query("INSERT INTO newest_probe.employee_daily_behavior (corp_id, userid, stat_date, version) "
                    "VALUES ('c', 'lisi', '2026-11-09', 1)")
    assert query_rows(warehouse, newest) == [{"day": "2026-11-09"}]
    warehouse.query("DROP DATABASE newest_probe")
