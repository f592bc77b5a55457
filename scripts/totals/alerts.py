"""compliance_alerts recomputed from the counted messages and contact changes (scripts/totals/records.py):
`expected_alerts`, one row per alert, and the alert stream's final state.

An alert is identified by its rule and what it is about (DESIGN sections 5 and 5b): a message
(`msgid`) for the word and behaviour rules; for the monitors, which have no message, the group,
the sender and the window (`builtin.flood`) or the employee and the business day
(`builtin.mass_deletion`). The columns `chat`, `who` and `period` hold those and stay empty for
message alerts, whose message already says it all.

`builtin.reply_timeout` is not recomputed: its working-hours arithmetic is left to the job's own
tests, and the check names it as not checked.
"""

import json

from .rules import BUILTIN_EMAIL, BUILTIN_FLOOD, BUILTIN_MASS_DELETION, BUILTIN_PHONE, BUILTIN_REPLY_TIMEOUT, match_condition
from .sql import is_customer, literal, normalized

WORD_RULES = ("keyword", "regex")
NOT_RECOMPUTED = (BUILTIN_REPLY_TIMEOUT,)
# The columns of an alert row that identify it: a message's alerts by msgid, a monitor's by the rest.
IDENTITY = ("corp_id", "rule_id", "msgid", "chat", "who", "period")


def _time(millis, settings):
    """A DateTime64(3) in the business zone as the tables' JSON writes it."""
    return f"toString(fromUnixTimestamp64Milli(toInt64({millis}), {literal(settings.timezone)}))"


def _classes(rule):
    return f"{literal(rule.rule_id)} AS rule_id, {literal(rule.category)} AS category, {literal(rule.severity)} AS severity"


def word_alerts_sql(rule, settings):
    """One alert per counted message with a scanned field the rule matches (DESIGN 5 and 5a)."""
    return (f"SELECT corp AS corp_id, {_classes(rule)}, msgid, '' AS chat, '' AS who, '' AS period, "
            f"{_time('msg_time', settings)} AS msg_time, '' AS matched FROM scanned "
            f"WHERE arrayExists(text -> {match_condition(rule)}, fields)")


def behavior_condition(rule):
    """A counted message of a listed msgtype, from a sender and in a chat of the kinds the rule asks for."""
    conditions = [f"has({'[' + ', '.join(literal(msgtype) for msgtype in rule.msgtypes) + ']'}, msgtype)"]
    if rule.sender != "any":
        conditions.append(("" if rule.sender == "customer" else "NOT ") + is_customer("sender"))
    if rule.chat != "any":
        conditions.append("roomid = ''" if rule.chat == "single" else "roomid != ''")
    return " AND ".join(conditions)


def behavior_alerts_sql(rule, settings):
    """One alert per counted message the behaviour rule matches; `matched` is the msgtype (DESIGN 5b)."""
    return (f"SELECT corp AS corp_id, {_classes(rule)}, msgid, '' AS chat, '' AS who, '' AS period, "
            f"{_time('msg_time', settings)} AS msg_time, msgtype AS matched FROM counted "
            f"WHERE {behavior_condition(rule)}")


def flood_alerts_sql(rule, settings):
    """One alert per group, sender and epoch-aligned window of flood_seconds holding at least
    flood_messages of the sender's counted messages; msg_time is the window's start."""
    window = settings.flood_seconds * 1000
    return (f"SELECT corp AS corp_id, {_classes(rule)}, '' AS msgid, roomid AS chat, sender AS who, "
            f"{_time('window_start', settings)} AS period, period AS msg_time, '' AS matched "
            f"FROM counted WHERE roomid != '' "
            f"GROUP BY corp, roomid, sender, intDiv(msg_time, {window}) * {window} AS window_start "
            f"HAVING count() >= {settings.flood_messages}")


def mass_deletion_alerts_sql(rule, settings):
    """One alert per employee and business day with at least mass_deletion_threshold distinct customers
    deleted (del_external_contact); msg_time is the threshold-th customer's first deletion that day."""
    threshold = settings.mass_deletion_threshold
    return (f"SELECT corp AS corp_id, {_classes(rule)}, '' AS msgid, '' AS chat, employee AS who, "
            f"toString(day) AS period, {_time(f'arraySort(groupArray(first_deletion))[{threshold}] * 1000', settings)} AS msg_time, "
            f"'' AS matched FROM ("
            f"  SELECT corp, employee, day, customer, min(create_time) AS first_deletion FROM contact_changes "
            f"  WHERE change_type = 'del_external_contact' GROUP BY corp, employee, day, customer) "
            f"GROUP BY corp, employee, day HAVING count() >= {threshold}")


MONITORS = {BUILTIN_FLOOD: flood_alerts_sql, BUILTIN_MASS_DELETION: mass_deletion_alerts_sql}


def alerts_sql(rule, settings):
    """The SELECT of one rule's alerts."""
    if rule.rule_id in MONITORS:
        return MONITORS[rule.rule_id](rule, settings)
    if rule.kind == "behavior":
        return behavior_alerts_sql(rule, settings)
    if rule.kind in WORD_RULES or rule.rule_id in (BUILTIN_PHONE, BUILTIN_EMAIL):
        return word_alerts_sql(rule, settings)
    raise ValueError(f"no recomputation for rule {rule.rule_id}")


def expected_alerts_sql(rules, settings):
    """`expected_alerts`: every alert of the rules given (each rule one that is recomputed)."""
    empty = ("SELECT '' AS corp_id, '' AS rule_id, '' AS category, '' AS severity, '' AS msgid, '' AS chat, "
             "'' AS who, '' AS period, '' AS msg_time, '' AS matched WHERE 0")
    union = "\n UNION ALL ".join(alerts_sql(rule, settings) for rule in rules) or empty
    return [
        f"CREATE TABLE scanned ENGINE = Memory AS SELECT corp, msgid, msg_time, "
        f"arrayMap(text -> {normalized('text')}, texts) AS fields FROM counted WHERE notEmpty(texts)",
        f"CREATE TABLE expected_alerts ENGINE = Memory AS {union}",
    ]


def identity_columns(behavior_rule_ids):
    """How an alert row of a table file gives the expected columns it lacks: (name, expression over its own columns)."""
    behaviors = "[" + ", ".join(literal(rule_id) for rule_id in behavior_rule_ids) + "]"
    return (
        ("chat", "if(msgid = '', roomid, '')"),
        ("who", "if(msgid = '', sender, '')"),
        ("period", f"multiIf(msgid != '', '', rule_id = {literal(BUILTIN_MASS_DELETION)}, substring(msg_time, 1, 10), msg_time)"),
        ("matched", f"if(has({behaviors}, rule_id), matched, '')"),
    )


def final_alerts(lines):
    """The alert stream's final state (README "Compliance monitors"): per alert_id its last record,
    and none for an alert whose last record retracts it; in order of first appearance."""
    final = {}
    for line in lines:
        if not line.strip():
            continue
        record = json.loads(line)
        final[record.get("alert_id")] = record
    return [record for record in final.values() if record.get("retracted") is not True]
