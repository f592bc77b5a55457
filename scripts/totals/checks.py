"""The report's checks: which columns of which table file are compared with what the input gives."""

import json
import tempfile
from pathlib import Path

from . import alerts
from .comparison import Check, actual_table, load_actual
from .records import CATALOGUE_TEXTS
from .sql import array_literal, literal

U64 = "UInt64"
# customer_journey's times after the add, NULL when the customer never took the step (DESIGN 5b).
JOURNEY_STEPS = ("first_group_join_at", "first_msg_at", "first_checkin_at", "lost_at", "removed_at")
# Each input topic's dead letters name their input by the topic (the jobs read the files through them).
INPUT_TOPICS = {"callbacks": "wecom.callback.events", "messages": "wecom.archive.messages", "channels": "wecom.channels"}


def _keys(*names_and_types):
    return tuple(names_and_types)


def table_checks(settings):
    window = settings.attribution_window_days
    milestones = "[" + ", ".join(f"toUInt32({int(m)})" for m in sorted(set(settings.checkin_milestones))) + "]"
    return [
        Check("channel customers per day", "channel_conversion_daily.jsonl", "channel_conversion_daily",
              keys=_keys(("corp_id", "String"), ("state", "String"), ("cohort_date", "Date")),
              values=(("new_customers", U64),),
              rows_filter="is_deleted = 0", extra_columns=(("is_deleted", "UInt8"),), row_name="channel-days",
              summary_sql="count() AS days, sum(new_customers) AS customers",
              summary_format="{0:,} channel-days, {1:,} customers"),
        Check("channel funnel per day", "channel_conversion_daily.jsonl", "channel_conversion_daily",
              keys=_keys(("corp_id", "String"), ("state", "String"), ("cohort_date", "Date")),
              values=(("joined_group", U64), ("engaged", U64), ("checked_in", U64), ("lost", U64)),
              rows_filter="is_deleted = 0", extra_columns=(("is_deleted", "UInt8"),), row_name="channel-days",
              summary_sql="sum(joined_group) AS j, sum(engaged) AS e, sum(checked_in) AS c, sum(lost) AS l",
              summary_format=f"within {window} days {{0:,}} joined a group, {{1:,}} engaged, {{2:,}} checked in, {{3:,}} lost"),
        Check("customer journeys", "customer_journey.jsonl", "customer_journey",
              keys=_keys(("corp_id", "String"), ("external_userid", "String")),
              values=(("state", "String"), ("userid", "String"), ("added_at", "String"), ("cohort_date", "Date"))
              + tuple((column, "Nullable(String)") for column in JOURNEY_STEPS),
              row_name="customers",
              summary_sql="count() AS customers, " + ", ".join(f"count({column})" for column in JOURNEY_STEPS),
              summary_format="{0:,} customers, at any time after the add {1:,} joined a group, {2:,} wrote, "
                             "{3:,} checked in, {4:,} deleted their employee, {5:,} were deleted by them"),
        Check("group activity per day", "group_daily_stats.jsonl", "group_daily_stats",
              keys=_keys(("corp_id", "String"), ("chat_id", "String"), ("stat_date", "Date")),
              values=(("new_member_cnt", U64), ("quit_member_cnt", U64), ("member_has_msg", U64), ("msg_total", U64),
                      ("checkin_members", U64)),
              row_name="group-days",
              summary_sql="count() AS days, sum(msg_total) AS messages, sum(member_has_msg) AS active, "
                          "sum(new_member_cnt) AS joins, sum(quit_member_cnt) AS quits, sum(checkin_members) AS checkins",
              summary_format="{0:,} group-days, {1:,} messages, {2:,} active member-days, {3:,} joins, {4:,} quits, "
                             "{5:,} check-in member-days"),
        Check("group members", "group_members.jsonl", "group_members",
              keys=_keys(("corp_id", "String"), ("chat_id", "String"), ("member_id", "String")),
              values=(("member_type", "String"), ("joined_at", "Nullable(String)"), ("left_at", "Nullable(String)"),
                      ("join_cnt", U64), ("is_member", "UInt8")),
              row_name="group members",
              summary_sql="count() AS members, sum(is_member) AS present, sum(join_cnt) AS joins, "
                          "countIf(left_at IS NOT NULL) AS left",
              summary_format="{0:,} group members, {1:,} in their group now, {2:,} joins, {3:,} who left"),
        Check("member activity per day", "member_daily_activity.jsonl", "member_daily_activity",
              keys=_keys(("corp_id", "String"), ("chat_id", "String"), ("member_id", "String"), ("stat_date", "Date")),
              values=(("member_type", "String"), ("msg_cnt", U64), ("first_msg_at", "String"), ("last_msg_at", "String"),
                      ("checked_in", "UInt8")),
              row_name="member-days",
              summary_sql="count() AS days, sum(msg_cnt) AS messages, countIf(member_type = 'customer') AS customer_days",
              summary_format="{0:,} member-days ({2:,} of customers), {1:,} messages"),
        Check("employee behaviour per day", "employee_daily_behavior.jsonl", "employee_daily_behavior",
              keys=_keys(("corp_id", "String"), ("userid", "String"), ("stat_date", "Date")),
              values=(("new_contact_cnt", U64), ("negative_feedback_cnt", U64), ("chat_cnt", U64), ("message_cnt", U64),
                      ("reply_percentage", "Nullable(Float64)"), ("avg_reply_time", "Nullable(Float64)"),
                      ("initiated_chat_cnt", U64), ("replied_chat_cnt", U64)),
              row_name="employee-days",
              summary_sql="count() AS days, sum(new_contact_cnt) AS added, sum(negative_feedback_cnt) AS lost, "
                          "sum(message_cnt) AS messages, sum(replied_chat_cnt) AS replied, sum(initiated_chat_cnt) AS initiated",
              summary_format="{0:,} employee-days, {1:,} new contacts, {2:,} deleted by customers, "
                             "{3:,} messages to customers, {4:,} of {5:,} customer-initiated chats replied"),
        Check("check-in streaks", "checkin_streaks.jsonl", "checkin_streaks",
              keys=_keys(("corp_id", "String"), ("chat_id", "String"), ("member_id", "String")),
              values=(("current_streak", U64), ("longest_streak", U64), ("total_days", U64),
                      ("first_checkin_date", "Date"), ("last_checkin_date", "Date")),
              row_name="members' streaks",
              summary_sql="count() AS members, sum(total_days) AS days, max(longest_streak) AS longest",
              summary_format="{0:,} members' streaks, {1:,} check-in days, the longest {2:,} days"),
        Check("check-in milestones", "checkin_milestones.jsonl", "checkin_milestones",
              keys=_keys(("corp_id", "String"), ("chat_id", "String"), ("member_id", "String"), ("milestone", "UInt32")),
              values=(("reached_date", "Date"),),
              row_name="milestones",
              summary_sql=f"count() AS reached, arrayStringConcat(arrayMap(m -> concat(toString(m), ' days: ', "
                          f"toString((sumMap(map(milestone, toUInt64(1))) AS per)[m])), {milestones}), ', ') AS per_milestone",
              summary_format="{0:,} milestones reached ({1})"),
        Check("channel catalogue", "channels.jsonl", "channels",
              keys=_keys(("corp_id", "String"), ("state", "String")),
              values=tuple((column, "String") for column in CATALOGUE_TEXTS) + (("target", "UInt32"),),
              rows_filter="is_deleted = 0", extra_columns=(("is_deleted", "UInt8"),), row_name="catalogue entries",
              summary_sql="count() AS entries, arrayStringConcat(arrayMap((kind, entries) -> concat(if(kind = '', "
                          "'no kind', kind), ' ', toString(entries)), mapKeys(sumMap(map(kind, toUInt64(1))) AS per), "
                          "mapValues(per)), ', ') AS per_kind",
              summary_format="{0:,} catalogue entries ({1})"),
    ]


def alert_checks(checked_rules, skipped_rules, not_recomputed):
    """compliance_alerts and the alert stream's final state, one row per alert; the alerts of rules RE2
    cannot run and of monitors not recomputed are left out, and the report says so."""
    unchecked = [rule.rule_id for rule in skipped_rules] + list(not_recomputed)
    notes = []
    if skipped_rules:
        notes.append(f"not checked: {', '.join(rule.rule_id for rule in skipped_rules)}, "
                     "whose pattern ClickHouse's RE2 cannot run")
    if not_recomputed:
        notes.append(f"not checked: {', '.join(not_recomputed)}, whose working-hours arithmetic is not recomputed")
    rules = "[" + ", ".join(literal(rule.rule_id) for rule in sorted(checked_rules, key=lambda rule: rule.rule_id)) + "]"
    behaviors = [rule.rule_id for rule in checked_rules if rule.kind == "behavior"]
    common = dict(
        expected="alerts",
        keys=tuple((column, "String") for column in alerts.IDENTITY),
        values=(("msg_time", "String"), ("category", "String"), ("severity", "String"), ("matched", "String")),
        rows_filter=f"is_deleted = 0 AND NOT has({array_literal(unchecked)}, rule_id)",
        extra_columns=(("is_deleted", "UInt8"), ("roomid", "String"), ("sender", "String"), ("matched", "String")),
        computed=alerts.identity_columns(behaviors),
        hidden_when_empty=("msgid", "chat", "who", "period"),
        row_name="alerts",
        summary_sql=f"count() AS alerts, arrayStringConcat(arrayMap(rule -> concat(rule, ' ', "
                    f"toString((sumMap(map(rule_id, toUInt64(1))) AS per)[rule])), {rules}), ', ') AS per_rule",
        summary_format="{0:,} alerts: {1}", note="; ".join(notes))
    return [Check("alerts per rule", "compliance_alerts.jsonl", **common),
            Check("alert stream", "alerts.jsonl", **common)]


def load_alert_stream(engine, check, path):
    """alerts.jsonl as the alerts it leaves a consumer with: each alert's last record, retracted ones gone."""
    final = alerts.final_alerts(path.read_text(encoding="utf-8").splitlines())
    with tempfile.TemporaryDirectory(prefix="wecom-flow-alert-stream-") as directory:
        final_path = Path(directory) / path.name
        final_path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in final), encoding="utf-8")
        load_actual(engine, check, final_path)


def dead_letter_check(input_names):
    """Dead letters per input line: what the input's malformed lines should give (one row per line)."""
    summary = ", ".join(f"countIf(input = {literal(name)}) AS `{kind}`" for kind, name in input_names.items())
    summary_format = ", ".join(f"{{{index + 1}:,}} in {name}" for index, name in enumerate(input_names.values()))
    by_topic = "".join(f"source = {literal(INPUT_TOPICS[kind])}, {literal(name)}, "
                       for kind, name in input_names.items() if kind in INPUT_TOPICS)
    return Check("dead letters", "deadletter.jsonl", "dead_letters",
                 keys=_keys(("input", "String"), ("line", "Int64")),
                 shown=(("reason", "String"),),
                 extra_columns=(("source", "String"), ("file", "String")),
                 row_name="rejected lines",
                 summary_sql=f"count() AS lines, {summary}",
                 summary_format="{0:,} rejected lines: " + summary_format,
                 rows_filter=f"multiIf({by_topic}file)")


def load_dead_letters(engine, check, path):
    """deadletter.jsonl as one row per rejected input line (a line rejected for two reasons is listed twice)."""
    structure = "source String, file String, line Int64, reason String"
    engine.query(f"CREATE TABLE {actual_table(check)} ENGINE = Memory AS "
                 f"SELECT {check.rows_filter} AS input, line, any(reason) AS reason "
                 f"FROM file({literal(str(path))}, 'JSONEachRow', {literal(structure)}) GROUP BY input, line")


def expected_dead_letters_sql(input_names, rejected_rules):
    """`expected_dead_letters`: the input lines the jobs must reject, with why."""
    rules = "".join(f" UNION ALL SELECT {literal(input_names['rules'])}, toInt64({line}), {literal(reason)}"
                    for line, reason in rejected_rules)
    catalogue = (f" UNION ALL SELECT {literal(input_names['channels'])}, toInt64(line), reason FROM catalogue "
                 f"WHERE reason != ''" if "channels" in input_names else "")
    return (f"CREATE TABLE expected_dead_letters ENGINE = Memory AS "
            f"SELECT {literal(input_names['callbacks'])} AS input, toInt64(line) AS line, reason FROM callbacks WHERE reason != '' "
            f"UNION ALL SELECT {literal(input_names['messages'])}, toInt64(line), reason FROM messages WHERE reason != ''"
            f"{rules}{catalogue}")
