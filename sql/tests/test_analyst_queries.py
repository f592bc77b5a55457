"""Every analyst query in sql/queries, on a current ClickHouse engine, against answers computed
independently from the replay's final rows. A query that forgot FINAL would count every row twice."""

import datetime
from collections import defaultdict

from conftest import TABLES, run_query


def close_to(actual, numerator, denominator):
    """A value rounded to one decimal place is within half a step of the exact ratio."""
    return abs(actual - 100.0 * numerator / denominator) <= 0.05 + 1e-9


def monday(day):
    date = datetime.date.fromisoformat(day)
    return (date - datetime.timedelta(days=date.weekday())).isoformat()


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

    assert {(r["corp_id"], r["state"], r["week"]): [r["customers"], r["joined"], r["talked"], r["checked"], r["deleted"]]
            for r in result} == dict(expected)
    for r in result:
        assert close_to(r["joined_pct"], r["joined"], r["customers"])
        assert close_to(r["talked_pct"], r["talked"], r["customers"])
        assert close_to(r["checked_pct"], r["checked"], r["customers"])
        assert close_to(r["deleted_pct"], r["deleted"], r["customers"])
    order = [(r["week"], -r["customers"], r["state"]) for r in result]
    assert order == sorted(order)
    assert len({r["state"] for r in result}) == 5


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

    result = run_query(warehouse, "employee_reply_ranking")

    assert {(r["corp_id"], r["userid"]) for r in result} == set(per_employee)
    for r in result:
        days = per_employee[(r["corp_id"], r["userid"])]
        percentages = [d["reply_percentage"] for d in days if d["reply_percentage"] is not None]
        minutes = [d["avg_reply_time"] for d in days if d["avg_reply_time"] is not None]
        assert r["days_with_customer_initiated_chats"] == len(percentages)
        assert abs(r["mean_reply_pct"] - sum(percentages) / len(percentages)) <= 0.05 + 1e-9
        assert abs(r["mean_reply_minutes"] - sum(minutes) / len(minutes)) <= 0.05 + 1e-9
        assert r["chats"] == sum(d["chat_cnt"] for d in days)
        assert r["messages"] == sum(d["message_cnt"] for d in days)
        assert r["new_contacts"] == sum(d["new_contact_cnt"] for d in days)
        assert r["deleted_by_customers"] == sum(d["negative_feedback_cnt"] for d in days)
    ranking = [(-r["mean_reply_pct"], r["mean_reply_minutes"], r["userid"]) for r in result]
    assert ranking == sorted(ranking)


def test_checkin_leaderboard(warehouse, rows):
    groups = defaultdict(list)
    for row in rows["checkin_streaks"]:
        groups[(row["corp_id"], row["chat_id"])].append(row)
    expected = []
    for (corp, chat), members in sorted(groups.items()):
        ranked = []
        for member in members:
            better = sum(1 for other in members
                         if (other["current_streak"], other["longest_streak"])
                         > (member["current_streak"], member["longest_streak"]))
            ranked.append((better + 1, member["member_id"], member))
        for rank, member_id, member in sorted(ranked, key=lambda item: (item[0], item[1]))[:10]:
            expected.append((corp, chat, member_id, member["current_streak"], member["longest_streak"],
                             member["total_days"], member["last_checkin_date"], rank))

    result = run_query(warehouse, "checkin_leaderboard")

    assert [(r["corp_id"], r["chat_id"], r["member_id"], r["current_streak"], r["longest_streak"], r["total_days"],
             r["last_checkin_date"], r["rank_in_group"]) for r in result] == expected
    assert any(r["current_streak"] >= 7 for r in result)


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
    assert {r["category"] for r in result} == {"personal_info", "solicitation", "inducement"}


def test_churn_by_channel(warehouse, rows):
    expected = defaultdict(lambda: [0, 0])
    for row in rows["channel_conversion_daily"]:
        expected[(row["corp_id"], row["state"])][0] += row["new_customers"]
        expected[(row["corp_id"], row["state"])][1] += row["lost"]

    result = run_query(warehouse, "churn_by_channel")

    assert {(r["corp_id"], r["state"]): [r["customers"], r["deleted"]] for r in result} == dict(expected)
    for r in result:
        assert close_to(r["deleted_pct"], r["deleted"], r["customers"])
    order = [(-r["deleted_pct"], r["state"]) for r in result]
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
