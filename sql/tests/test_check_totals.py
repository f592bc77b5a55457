"""`./run verify` (scripts/check_totals.py): a replay's tables against totals recomputed from its input.

The checker runs as its own process, as `./run verify` starts it (chDB serves one data directory per
process, and the session's warehouse fixture may hold it). It must agree with a real replay, find a
table that is wrong by one, and be right on its own: a hand-made tenant whose every row is worked
out below from DESIGN, not from either implementation.
"""

import datetime
import json
import shutil
import subprocess

import pytest
from chdb_results import REPOSITORY
from totals.alerts import final_alerts
from totals.input_lines import numbered_lines
from totals.rules import RuleError, parse_rule, read_rules
from totals.settings import Settings, SettingsError, load_settings

CHECKS = ["channel customers per day", "channel funnel per day", "customer journeys", "group activity per day",
          "group members", "member activity per day", "employee behaviour per day", "check-in streaks",
          "check-in milestones", "channel catalogue", "alerts per rule", "alert stream", "dead letters"]


def verify(callbacks, messages, out, rules=None, config=None, channels=None):
    arguments = [str(REPOSITORY / "run"), "verify", "--callbacks", str(callbacks), "--messages", str(messages),
                 "--out", str(out)]
    arguments += ["--rules", str(rules)] if rules else []
    arguments += ["--channels", str(channels)] if channels else []
    arguments += ["--config", str(config)] if config else []
    completed = subprocess.run(arguments, capture_output=True, text=True, timeout=600)
    return completed.returncode, completed.stdout.splitlines(), completed.stderr


def line_of(lines, check):
    found = [line for line in lines if line.split(":")[0].split(None, 1)[-1] == check]
    assert len(found) == 1, lines
    return found[0]


def verify_replay(replay, out):
    tenant = replay.tenant
    return verify(tenant / "callbacks.jsonl", tenant / "messages.jsonl", out, rules=tenant / "rules.jsonl",
                  channels=tenant / "channels.jsonl")


def rewrite_rows(path, change):
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = change(rows)
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


# A real replay


def test_every_table_of_a_real_replay_agrees_with_its_input(replay):
    status, lines, err = verify_replay(replay, replay.out)

    assert status == 0, "\n".join(lines) + err
    assert [line.split(":")[0] for line in lines] == [f"ok  {check}" for check in CHECKS]
    # What the generator wrote, known without either implementation: 400 customers, each added once
    # in the period; two malformed callbacks, two malformed messages, one broken rule (its behaviour
    # rules are good) and a valid catalogue; a member who floods a group twice, one employee who
    # deletes more customers in a day than the mass-deletion threshold and one who deletes one fewer.
    assert ", 400 customers" in line_of(lines, "channel customers per day")
    assert line_of(lines, "customer journeys").startswith("ok  customer journeys: 400 customers, ")
    assert line_of(lines, "dead letters").endswith(
        "5 rejected lines: 2 in callbacks.jsonl, 2 in messages.jsonl, 1 in rules.jsonl, 0 in channels.jsonl")
    for check in ("alerts per rule", "alert stream"):
        assert "builtin.flood 2, builtin.mass_deletion 1, " in line_of(lines, check)
        assert line_of(lines, check).endswith("(not checked: builtin.reply_timeout, whose working-hours arithmetic "
                                              "is not recomputed)")
    assert "read messages.jsonl: " in err


def test_one_customer_fewer_on_one_channel_day_is_a_mismatch_naming_that_day(replay, tmp_path):
    out = shutil.copytree(replay.out, tmp_path / "out")
    changed = {}

    def one_fewer(rows):
        row = max(rows, key=lambda r: (r["new_customers"], r["state"], r["cohort_date"]))
        changed.update(row)
        row["new_customers"] -= 1
        return rows

    rewrite_rows(out / "channel_conversion_daily.jsonl", one_fewer)
    status, lines, _ = verify_replay(replay, out)

    assert status == 1
    mismatch = line_of(lines, "channel customers per day")
    assert mismatch.startswith("MISMATCH channel customers per day: 1 of the channel-days differ")
    state = changed["state"] or '""'
    assert (f"first: state={state} cohort_date={changed['cohort_date']}: new_customers {changed['new_customers']} "
            f"from the input, {changed['new_customers'] - 1} in the table") in mismatch
    assert all(line.startswith("ok  ") for line in lines if line != mismatch)


def test_a_dropped_alert_is_a_mismatch_naming_the_message_and_rule(replay, tmp_path):
    out = shutil.copytree(replay.out, tmp_path / "out")
    dropped = {}

    def drop_one(rows):
        checked = [row for row in rows if row["rule_id"] != "builtin.reply_timeout"]
        dropped.update(checked[len(checked) // 2])
        return [row for row in rows if row is not checked[len(checked) // 2]]

    rewrite_rows(out / "compliance_alerts.jsonl", drop_one)
    status, lines, _ = verify_replay(replay, out)

    assert status == 1
    assert (f"first: rule_id={dropped['rule_id']} msgid={dropped['msgid']} only from the input"
            in line_of(lines, "alerts per rule"))
    assert line_of(lines, "alert stream").startswith("ok  alert stream")


def read_rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_a_missing_flood_a_moved_mass_deletion_and_an_extra_behaviour_alert_are_mismatches_naming_them(replay, tmp_path):
    out = shutil.copytree(replay.out, tmp_path / "out")
    flood = min((row for row in read_rows(out / "compliance_alerts.jsonl") if row["rule_id"] == "builtin.flood"),
                key=lambda row: row["msg_time"])
    deletion = next(row for row in read_rows(out / "compliance_alerts.jsonl") if row["rule_id"] == "builtin.mass_deletion")
    card = min((row for row in read_rows(out / "compliance_alerts.jsonl") if row["rule_id"] == "card-or-file-from-staff"),
               key=lambda row: row["msgid"])
    # The time of the deletion before the threshold-th: what a job that counted a customer twice would write.
    earlier = (datetime.datetime.fromisoformat(deletion["msg_time"]) - datetime.timedelta(seconds=1)).isoformat(" ", "milliseconds")

    def altered(rows):
        rows = [row for row in rows if row["alert_id"] != flood["alert_id"]]
        for row in rows:
            row["msg_time"] = earlier if row["alert_id"] == deletion["alert_id"] else row["msg_time"]
        # A card is no red packet: an alert no rule of the input makes.
        return rows + [{**card, "alert_id": "extra", "rule_id": "red-packet-to-customer", "severity": "high"}]

    rewrite_rows(out / "compliance_alerts.jsonl", altered)
    status, lines, _ = verify_replay(replay, out)

    assert status == 1
    mismatch = line_of(lines, "alerts per rule")
    assert mismatch.startswith("MISMATCH alerts per rule: 3 of the alerts differ")
    assert (f"rule_id=builtin.flood chat={flood['roomid']} who={flood['sender']} period=\"{flood['msg_time']}\" "
            "only from the input") in mismatch
    assert (f"rule_id=builtin.mass_deletion who={deletion['sender']} period={deletion['msg_time'][:10]}: "
            f"msg_time {deletion['msg_time']} from the input, {earlier} in the table") in mismatch
    assert f"rule_id=red-packet-to-customer msgid={card['msgid']} only in the table" in mismatch
    assert line_of(lines, "alert stream").startswith("ok  alert stream")


def test_the_alert_stream_is_judged_on_each_alerts_last_record(replay, tmp_path):
    out = shutil.copytree(replay.out, tmp_path / "out")
    stream = read_rows(out / "alerts.jsonl")
    flood = next(row for row in stream if row["rule_id"] == "builtin.flood")
    phone = next(row for row in stream if row["rule_id"] == "builtin.phone")
    # A flood alert of a window the input does not flood, then its retraction: no alert in the end. The
    # phone alert retracted: a consumer is left without it.
    wrong = {**flood, "alert_id": "wrong-window", "msg_time": "2025-11-04 03:00:00.000"}
    stream += [wrong, {**wrong, "retracted": True, "is_deleted": 1}, {**phone, "retracted": True, "is_deleted": 1}]
    rewrite_rows(out / "alerts.jsonl", lambda rows: stream)

    status, lines, _ = verify_replay(replay, out)

    assert status == 1
    assert line_of(lines, "alert stream").startswith("MISMATCH alert stream: 1 of the alerts differ")
    assert f"first: rule_id=builtin.phone msgid={phone['msgid']} only from the input" in line_of(lines, "alert stream")
    assert line_of(lines, "alerts per rule").startswith("ok  alerts per rule")


def test_a_message_counted_twice_and_a_lost_dead_letter_are_mismatches(replay, tmp_path):
    out = shutil.copytree(replay.out, tmp_path / "out")
    counted = {}

    def one_more_message(rows):
        counted.update(rows[0])
        rows[0]["msg_total"] += 1
        return rows

    rewrite_rows(out / "group_daily_stats.jsonl", one_more_message)
    rewrite_rows(out / "deadletter.jsonl", lambda rows: [row for row in rows if row.get("file") != "rules.jsonl"])
    status, lines, _ = verify_replay(replay, out)

    assert status == 1
    assert (f"chat_id={counted['chat_id']} stat_date={counted['stat_date']}: msg_total {counted['msg_total']} "
            f"from the input, {counted['msg_total'] + 1} in the table") in line_of(lines, "group activity per day")
    assert "first: input=rules.jsonl line=4 (rule broken.regex: invalid regex" in line_of(lines, "dead letters")


def test_a_first_message_before_the_add_is_a_mismatch_naming_the_customer(replay, tmp_path):
    out = shutil.copytree(replay.out, tmp_path / "out")
    changed = {}

    def message_at_the_add(rows):
        # As a job that took a message from before the add would: the add's own second is no message of theirs.
        row = min((r for r in rows if r["first_msg_at"] is not None), key=lambda r: r["external_userid"])
        changed.update(row)
        row["first_msg_at"] = row["added_at"]
        return rows

    rewrite_rows(out / "customer_journey.jsonl", message_at_the_add)
    status, lines, _ = verify_replay(replay, out)

    assert status == 1
    assert line_of(lines, "customer journeys").startswith("MISMATCH customer journeys: 1 of the customers differ")
    assert (f"first: external_userid={changed['external_userid']}: first_msg_at {changed['first_msg_at']} from the input, "
            f"{changed['added_at']} in the table") in line_of(lines, "customer journeys")
    assert line_of(lines, "channel funnel per day").startswith("ok  ")


def test_a_retried_join_counted_twice_is_a_mismatch_naming_the_member(replay, tmp_path):
    out = shutil.copytree(replay.out, tmp_path / "out")
    changed = {}

    def one_more_join(rows):
        row = max(rows, key=lambda r: (r["chat_id"], r["member_id"]))
        changed.update(row)
        row["join_cnt"] += 1
        return rows

    rewrite_rows(out / "group_members.jsonl", one_more_join)
    status, lines, _ = verify_replay(replay, out)

    assert status == 1
    assert line_of(lines, "group members").endswith(
        f"first: chat_id={changed['chat_id']} member_id={changed['member_id']}: join_cnt {changed['join_cnt']} "
        f"from the input, {changed['join_cnt'] + 1} in the table")


def test_an_earlier_catalogue_line_winning_and_an_entry_missing_are_mismatches(replay, tmp_path):
    out = shutil.copytree(replay.out, tmp_path / "out")
    entries = sorted(json.loads(line)["state"] for line in (out / "channels.jsonl").read_text(encoding="utf-8").splitlines())
    renamed, dropped = entries[0], entries[-1]

    def stale_and_missing(rows):
        for row in rows:
            row["name"] = "stale" if row["state"] == renamed else row["name"]
        return [row for row in rows if row["state"] != dropped]

    rewrite_rows(out / "channels.jsonl", stale_and_missing)
    status, lines, _ = verify_replay(replay, out)

    assert status == 1
    mismatch = line_of(lines, "channel catalogue")
    assert mismatch.startswith("MISMATCH channel catalogue: 2 of the catalogue entries differ")
    assert f"state={renamed}: name " in mismatch and ", stale in the table" in mismatch
    assert f"state={dropped} only from the input" in mismatch


def test_a_missing_table_file_is_a_mismatch(replay, tmp_path):
    out = shutil.copytree(replay.out, tmp_path / "out")
    (out / "checkin_streaks.jsonl").unlink()

    status, lines, _ = verify_replay(replay, out)

    assert status == 1
    assert line_of(lines, "check-in streaks") == f"MISMATCH check-in streaks: no checkin_streaks.jsonl in {out}"


# A hand-made tenant: every row below is worked out from DESIGN sections 3 to 5a


def millis(day, clock):
    """Unix milliseconds of a wall-clock time in Asia/Shanghai."""
    moment = datetime.datetime.fromisoformat(f"{day}T{clock}+08:00")
    return round(moment.timestamp() * 1000)


def callback(change, employee, customer, day, clock, state=None, as_text=False):
    seconds = millis(day, clock) // 1000
    event = {"ToUserName": "wwcorp", "FromUserName": "sys", "CreateTime": str(seconds) if as_text else seconds,
             "MsgType": "event", "Event": "change_external_contact", "ChangeType": change,
             "UserID": employee, "ExternalUserID": customer}
    if state is not None:
        event["State"] = state
    return json.dumps(event, ensure_ascii=False)


def message(msgid, sender, day, clock, text, room="", to=(), action="send", msgtype="text"):
    record = {"msgid": msgid, "action": action, "from": sender, "tolist": list(to), "roomid": room,
              "msgtime": millis(day, clock), "msgtype": msgtype, "corpid": "wwcorp"}
    record[msgtype] = {"content": text} if msgtype == "text" else {"pre_msgid": text}
    return json.dumps(record, ensure_ascii=False)


def hand_made_input(directory):
    callbacks = [
        callback("add_external_contact", "zhangwei", "wmA", "2025-11-03", "10:00:00", state="live"),
        callback("add_external_contact", "zhangwei", "wmA", "2025-11-03", "10:00:00", state="live"),  # a retry
        # wmB's first add is a half add at 23:59:59: day 11-03 and channel "", whatever comes later.
        callback("add_half_external_contact", "lina", "wmB", "2025-11-03", "23:59:59", as_text=True),
        callback("add_external_contact", "lina", "wmB", "2025-11-04", "00:00:30"),
        json.dumps({"ToUserName": "wwcorp", "CreateTime": millis("2025-11-03", "12:00:00") // 1000,
                    "Event": "change_external_chat", "ChatId": "wrG", "ChangeType": "update",
                    "UpdateDetail": "add_member", "MemChangeList": "wmA"}),
        callback("del_follow_user", "zhangwei", "wmA", "2025-11-05", "09:00:00"),
        # line 7: CreateTime in milliseconds
        json.dumps({"ToUserName": "wwcorp", "CreateTime": millis("2025-11-05", "09:00:00"),
                    "Event": "change_external_contact", "ChangeType": "add_external_contact",
                    "UserID": "lina", "ExternalUserID": "wmC"}),
        json.dumps({"ToUserName": "wwcorp", "CreateTime": 1762146000, "Event": "change_external_tag", "ChangeType": "create"}),
        "   ",
        # lina deleting wmA, whom zhangwei added, and wmB before adding them: no removal of either journey
        callback("del_external_contact", "lina", "wmA", "2025-11-04", "08:00:00"),
        callback("del_external_contact", "lina", "wmB", "2025-11-03", "23:00:00"),
        callback("del_external_contact", "lina", "wmB", "2025-11-06", "10:00:00"),
    ]
    messages = [
        message("m1", "wmA", "2025-11-03", "20:00:00", "签到！", room="wrG"),
        message("m1", "wmA", "2025-11-03", "20:00:00", "签到！", room="wrG"),  # an overlapping pull
        message("m2", "wmA", "2025-11-04", "23:59:59.500", "签 到", room="wrG"),  # counted, not a check-in
        message("m3", "wmA", "2025-11-05", "00:00:00.500", "打卡", room="wrG"),
        message("m4", "wmA", "2025-11-05", "00:00:30", "m2", room="wrG", action="recall", msgtype="revoke"),
        message("m5", "wmB", "2025-11-04", "10:00:00", "电话 138-0013-8000", to=["lina"]),
        message("m6", "lina", "2025-11-04", "10:06:00", "加 微 信 聊", to=["wmB"]),
        message("m7", "wmB", "2025-11-04", "11:00:00", "1380013800012", to=["lina"]),  # 13 digits: no phone number
        message("m8", "wmA", "2025-11-04", "11:00:00", "邮箱 Chen.Li@QQ.com", room="wrG"),
        # line 10: tolist is not an array
        '{"msgid":"m9","action":"send","from":"lina","tolist":"wmB","roomid":"","msgtime":1762200000000,'
        '"msgtype":"text","text":{"content":"hi"},"corpid":"wwcorp"}',
        json.dumps({"msgid": "m10", "action": "switch", "time": millis("2025-11-04", "09:00:00"), "user": "lina",
                    "corpid": "wwcorp"}),
    ]
    rules = ['{"rule_id":"solicit","type":"keyword","words":["加微信"],"category":"solicitation","severity":"high"}',
             '{"rule_id":"broken","type":"regex","pattern":"(未闭合"}']
    channels = [
        '{"corp_id":"wwcorp","state":"live","name":"直播间","kind":"channel"}',
        '{"corp_id":"wwcorp","state":"store-sh","name":"静安店","kind":"store","region":"华东","store":"上海静安店"}',
        '{"corp_id":"wwcorp","state":"live","name":"双11直播间","kind":"channel","campaign":"double11"}',  # replaces line 1
        '{"corp_id":"wwcorp","state":"store-sh","name":"静安店","kind":"store","regoin":"华东"}',  # a typo: line 2 stays
        '{"corp_id":"wwcorp","state":"fis-wmA","kind":"fission","campaign":"double11","inviter":"wmA","target":"3"}',
        '{"corp_id":"wwcorp","state":"fis-wmA","kind":"fission","campaign":"double11","inviter":"wmA","target":3}',
    ]
    for name, lines in (("callbacks.jsonl", callbacks), ("messages.jsonl", messages), ("rules.jsonl", rules),
                        ("channels.jsonl", channels)):
        (directory / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_table(directory, name, rows):
    (directory / name).write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


def cohort(state, new, joined, engaged, checked_in, lost):
    return {"corp_id": "wwcorp", "state": state, "cohort_date": "2025-11-03", "new_customers": new, "joined_group": joined,
            "engaged": engaged, "checked_in": checked_in, "lost": lost, "version": 1, "is_deleted": 0}


def group_day(day, joins, active, messages, checkins):
    return {"corp_id": "wwcorp", "chat_id": "wrG", "stat_date": day, "new_member_cnt": joins, "quit_member_cnt": 0,
            "member_has_msg": active, "msg_total": messages, "checkin_members": checkins, "version": 1}


def member_day(day, messages, first, last, checked_in):
    return {"corp_id": "wwcorp", "chat_id": "wrG", "member_id": "wmA", "stat_date": day, "member_type": "customer",
            "msg_cnt": messages, "first_msg_at": f"{day} {first}", "last_msg_at": f"{day} {last}",
            "checked_in": checked_in, "version": 1}


def employee_day(employee, day, added=0, lost=0, chats=0, messages=0, initiated=0, replied=0, percentage=None, minutes=None):
    return {"corp_id": "wwcorp", "userid": employee, "stat_date": day, "new_contact_cnt": added,
            "negative_feedback_cnt": lost, "chat_cnt": chats, "message_cnt": messages, "reply_percentage": percentage,
            "avg_reply_time": minutes, "initiated_chat_cnt": initiated, "replied_chat_cnt": replied, "version": 1}


def alert(msgid, rule_id, msg_time, category, severity, matched="", roomid="", sender=""):
    return {"alert_id": f"{msgid}/{rule_id}/{roomid}/{sender}/{msg_time}", "corp_id": "wwcorp", "msgid": msgid,
            "msg_time": msg_time, "roomid": roomid, "sender": sender, "rule_id": rule_id, "category": category,
            "severity": severity, "matched": matched, "version": 1, "is_deleted": 0}


def dead_letter(source, file, line):
    return {"job": "member-activity", "reason": "malformed", "source": source, "file": file, "line": line}


def journey(customer, state, employee, added_at, group_join=None, message=None, checkin=None, lost=None, removed=None):
    return {"corp_id": "wwcorp", "external_userid": customer, "state": state, "userid": employee, "added_at": added_at,
            "cohort_date": added_at[:10], "first_group_join_at": group_join, "first_msg_at": message,
            "first_checkin_at": checkin, "lost_at": lost, "removed_at": removed, "version": 1}


def entry(state, name="", kind="", campaign="", region="", store="", inviter="", target=0):
    return {"corp_id": "wwcorp", "state": state, "name": name, "kind": kind, "campaign": campaign, "region": region,
            "store": store, "inviter": inviter, "target": target, "version": 1, "is_deleted": 0}


def hand_made_output(directory):
    write_table(directory, "customer_journey.jsonl", [
        journey("wmA", "live", "zhangwei", "2025-11-03 10:00:00.000", group_join="2025-11-03 12:00:00.000",
                message="2025-11-03 20:00:00.000", checkin="2025-11-03 20:00:00.000", lost="2025-11-05 09:00:00.000"),
        # the half add decides; lina's deletion before it does not count, the one on 11-06 does
        journey("wmB", "", "lina", "2025-11-03 23:59:59.000", message="2025-11-04 10:00:00.000",
                removed="2025-11-06 10:00:00.000"),
    ])
    write_table(directory, "group_members.jsonl", [
        {"corp_id": "wwcorp", "chat_id": "wrG", "member_id": "wmA", "member_type": "customer",
         "joined_at": "2025-11-03 12:00:00.000", "left_at": None, "join_cnt": 1, "is_member": 1, "version": 1},
    ])
    write_table(directory, "channels.jsonl", [
        entry("live", "双11直播间", "channel", campaign="double11"),
        entry("store-sh", "静安店", "store", region="华东", store="上海静安店"),
        entry("fis-wmA", kind="fission", campaign="double11", inviter="wmA", target=3),
    ])
    write_table(directory, "channel_conversion_daily.jsonl", [
        # wmA: joined wrG at 12:00, checked in at 20:00, deleted zhangwei on 11-05, all within 7 days
        cohort("live", 1, 1, 1, 1, 1),
        # wmB: wrote to lina on 11-04; the full add on 11-04 does not attribute again
        cohort("", 1, 0, 1, 0, 0),
    ])
    write_table(directory, "group_daily_stats.jsonl", [
        group_day("2025-11-03", 1, 1, 1, 1),  # m1 once, though pulled twice
        group_day("2025-11-04", 0, 1, 2, 0),  # m8 and m2 at 23:59:59.500; "签 到" is no check-in
        group_day("2025-11-05", 0, 1, 1, 1),  # m3 at 00:00:00.500; the recall counts for nothing
    ])
    write_table(directory, "member_daily_activity.jsonl", [
        member_day("2025-11-03", 1, "20:00:00.000", "20:00:00.000", 1),
        member_day("2025-11-04", 2, "11:00:00.000", "23:59:59.500", 0),
        member_day("2025-11-05", 1, "00:00:00.500", "00:00:00.500", 1),
    ])
    write_table(directory, "employee_daily_behavior.jsonl", [
        employee_day("zhangwei", "2025-11-03", added=1),
        employee_day("zhangwei", "2025-11-05", lost=1),
        employee_day("lina", "2025-11-03", added=1),
        # wmB wrote at 10:00, lina answered at 10:06: one chat initiated and replied after 6 minutes
        employee_day("lina", "2025-11-04", added=1, chats=1, messages=1, initiated=1, replied=1, percentage=100.0,
                     minutes=6.0),
    ])
    write_table(directory, "checkin_streaks.jsonl", [
        {"corp_id": "wwcorp", "chat_id": "wrG", "member_id": "wmA", "current_streak": 1, "longest_streak": 1,
         "total_days": 2, "first_checkin_date": "2025-11-03", "last_checkin_date": "2025-11-05", "version": 1},
    ])
    write_table(directory, "checkin_milestones.jsonl", [])
    alerts = [alert("m5", "builtin.phone", "2025-11-04 10:00:00.000", "personal_info", "high"),
              alert("m6", "solicit", "2025-11-04 10:06:00.000", "solicitation", "high"),
              alert("m8", "builtin.email", "2025-11-04 11:00:00.000", "personal_info", "medium")]
    write_table(directory, "compliance_alerts.jsonl", alerts)
    write_table(directory, "alerts.jsonl", alerts)
    write_table(directory, "deadletter.jsonl", [
        dead_letter("wecom.callback.events", "callbacks.jsonl", 7),
        dead_letter("wecom.archive.messages", "messages.jsonl", 10),
        dead_letter("rules.jsonl", "rules.jsonl", 2),
        dead_letter("wecom.channels", "channels.jsonl", 4),
        dead_letter("wecom.channels", "channels.jsonl", 5),
    ])


def test_a_hand_made_tenant_gives_exactly_the_totals_worked_out_by_hand(tmp_path):
    hand_made_input(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    hand_made_output(out)

    status, lines, err = verify(tmp_path / "callbacks.jsonl", tmp_path / "messages.jsonl", out,
                                rules=tmp_path / "rules.jsonl", channels=tmp_path / "channels.jsonl")

    assert status == 0, "\n".join(lines) + err
    assert line_of(lines, "alerts per rule") == \
        ("ok  alerts per rule: 3 alerts: builtin.email 1, builtin.flood 0, builtin.mass_deletion 0, builtin.phone 1, "
         "solicit 1 (not checked: builtin.reply_timeout, whose working-hours arithmetic is not recomputed)")
    assert line_of(lines, "channel catalogue") == \
        "ok  channel catalogue: 3 catalogue entries (channel 1, fission 1, store 1)"
    assert line_of(lines, "dead letters") == ("ok  dead letters: 5 rejected lines: 1 in callbacks.jsonl, "
                                              "1 in messages.jsonl, 1 in rules.jsonl, 2 in channels.jsonl")


def test_the_attribution_window_and_check_in_keywords_come_from_the_config(tmp_path):
    hand_made_input(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    hand_made_output(out)
    # With a one-day window wmA's deletion on 11-05 is no longer within it, and with 签到 the only
    # check-in keyword, m3 (打卡) is a plain message.
    config = tmp_path / "tenant.yaml"
    config.write_text("attribution_window_days: 1\ncheckin_keywords: [签到]\n", encoding="utf-8")
    write_table(out, "channel_conversion_daily.jsonl", [cohort("live", 1, 1, 1, 1, 0), cohort("", 1, 0, 1, 0, 0)])
    write_table(out, "group_daily_stats.jsonl", [group_day("2025-11-03", 1, 1, 1, 1), group_day("2025-11-04", 0, 1, 2, 0),
                                                 group_day("2025-11-05", 0, 1, 1, 0)])

    status, lines, err = verify(tmp_path / "callbacks.jsonl", tmp_path / "messages.jsonl", out,
                                rules=tmp_path / "rules.jsonl", config=config)

    assert line_of(lines, "channel funnel per day").startswith("ok  channel funnel per day: within 1 days")
    assert line_of(lines, "group activity per day").startswith("ok  ")
    assert line_of(lines, "check-in streaks").startswith(
        "MISMATCH check-in streaks: 1 of the members' streaks differ")
    assert status == 1


def test_monitors_and_behaviour_rules_give_the_alerts_worked_out_by_hand(tmp_path):
    callbacks = [
        # lina deletes wmA twice (one customer), then wmB: the second distinct customer at 10:07
        callback("del_external_contact", "lina", "wmA", "2025-11-04", "10:00:00"),
        callback("del_external_contact", "lina", "wmA", "2025-11-04", "10:05:00"),
        callback("del_external_contact", "lina", "wmB", "2025-11-04", "10:07:00"),
        callback("del_external_contact", "lina", "wmB", "2025-11-04", "10:07:00"),  # a retry
        # zhangwei deletes two customers, but on two business days (midnight in Shanghai between them)
        callback("del_external_contact", "zhangwei", "wmA", "2025-11-04", "23:59:59"),
        callback("del_external_contact", "zhangwei", "wmB", "2025-11-05", "00:00:00"),
    ]
    messages = [
        # wmA: one message each side of 10:01:00, then a second in the window from 10:01:00
        message("g1", "wmA", "2025-11-04", "10:00:59.999", "a", room="wrG"),
        message("g2", "wmA", "2025-11-04", "10:01:00", "b", room="wrG"),
        message("g3", "wmA", "2025-11-04", "10:01:59.999", "c", room="wrG"),
        # wmB: one message in its window, pulled twice, and a recall, neither of which counts again
        message("g4", "wmB", "2025-11-04", "10:02:00", "d", room="wrG"),
        message("g4", "wmB", "2025-11-04", "10:02:00", "d", room="wrG"),
        message("g5", "wmB", "2025-11-04", "10:02:01", "g4", room="wrG", action="recall", msgtype="revoke"),
        # red packets: from lina to wmB (single), from lina in a group, from wmB to lina
        message("r1", "lina", "2025-11-04", "11:00:00", "", to=["wmB"], msgtype="external_redpacket"),
        message("r2", "lina", "2025-11-04", "11:01:00", "", room="wrG", msgtype="external_redpacket"),
        message("r3", "wmB", "2025-11-04", "11:02:00", "", to=["lina"], msgtype="external_redpacket"),
        message("f1", "wmB", "2025-11-04", "11:03:00", "", room="wrG", msgtype="file"),
    ]
    rules = [
        '{"rule_id":"red-packet","type":"behavior","msgtypes":["external_redpacket"],"sender":"employee",'
        '"chat":"single","severity":"high"}',
        '{"rule_id":"customer-files","type":"behavior","msgtypes":["file","card"],"sender":"customer"}',
        '{"rule_id":"builtin.mass_deletion","category":"retention"}',
        '{"rule_id":"builtin.flood","words":["x"]}',  # refused: words are a keyword rule's, and flood stays as it is
        '{"rule_id":"builtin.reply_timeout","enabled":false}',
        '{"rule_id":"builtin.phone","enabled":false}',
        '{"rule_id":"builtin.email","enabled":false}',
    ]
    config = tmp_path / "tenant.yaml"
    config.write_text("flood_messages: 2\nflood_seconds: 60\nmass_deletion_threshold: 2\n", encoding="utf-8")
    for name, lines in (("callbacks.jsonl", callbacks), ("messages.jsonl", messages), ("rules.jsonl", rules)):
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    shutil.copytree(tmp_path, out, ignore=shutil.ignore_patterns("*.jsonl", "*.yaml", "out"))
    alerts = [
        alert("r1", "red-packet", "2025-11-04 11:00:00.000", "behavior", "high", "external_redpacket", sender="lina"),
        alert("f1", "customer-files", "2025-11-04 11:03:00.000", "behavior", "medium", "file", "wrG", "wmB"),
        alert("", "builtin.flood", "2025-11-04 10:01:00.000", "flood", "medium", "2 messages in 60 s", "wrG", "wmA"),
        alert("", "builtin.mass_deletion", "2025-11-04 10:07:00.000", "retention", "high", "2 customers", sender="lina"),
    ]
    write_table(out, "compliance_alerts.jsonl", alerts)
    # The stream: the mass deletion first at a later time, then moved by a late earlier deletion.
    write_table(out, "alerts.jsonl", [{**alerts[3], "msg_time": "2025-11-04 10:30:00.000", "retracted": False}]
                + [{**row, "retracted": False} for row in alerts])
    write_table(out, "deadletter.jsonl", [dead_letter("rules.jsonl", "rules.jsonl", 4)])

    status, lines, err = verify(tmp_path / "callbacks.jsonl", tmp_path / "messages.jsonl", out,
                                rules=tmp_path / "rules.jsonl", config=config)

    for check in ("alerts per rule", "alert stream"):
        assert line_of(lines, check) == (f"ok  {check}: 4 alerts: builtin.flood 1, builtin.mass_deletion 1, "
                                         "customer-files 1, red-packet 1"), err
    assert line_of(lines, "dead letters") == "ok  dead letters: 1 rejected lines: 0 in callbacks.jsonl, " \
                                             "0 in messages.jsonl, 1 in rules.jsonl"


def chat_change(detail, members, day, clock, version, **fields):
    record = {"ToUserName": "wwcorp", "FromUserName": "sys", "CreateTime": millis(day, clock) // 1000,
              "MsgType": "event", "Event": "change_external_chat", "ChatId": "wrH", "ChangeType": "update",
              "UpdateDetail": detail, "MemChangeList": members, "CurMemVer": version, **fields}
    return json.dumps(record, ensure_ascii=False)


def group_member(member, member_type, joined, left, joins, is_member):
    return {"corp_id": "wwcorp", "chat_id": "wrH", "member_id": member, "member_type": member_type,
            "joined_at": joined, "left_at": left, "join_cnt": joins, "is_member": is_member, "version": 1}


def test_joins_are_distinct_change_records_and_the_latest_change_decides_membership(tmp_path):
    t = "2025-11-03 09:00:00.000"
    callbacks = [
        chat_change("add_member", "wmA,wmB", "2025-11-03", "09:00:00", "v1", JoinScene=3),
        chat_change("add_member", "wmA,wmB", "2025-11-03", "09:00:00", "v1", JoinScene=3),  # a retry
        # the same record with its fields in another order: the retry once more
        json.dumps(dict(reversed(json.loads(chat_change("add_member", "wmA,wmB", "2025-11-03", "09:00:00", "v1",
                                                        JoinScene=3)).items()))),
        # a different change in the same second (a batch): wmA's second join
        chat_change("add_member", ["wmA"], "2025-11-03", "09:00:00", "v2", JoinScene=0),
        chat_change("del_member", "wmB", "2025-11-03", "09:00:00", "v3", QuitScene=0),  # a tie: wmB counts as out
        chat_change("del_member", "wmC", "2025-11-03", "10:00:00", "v4", QuitScene=1),  # no join the pipeline saw
        chat_change("add_member", {"Item": ["zhangwei", "zhangwei"]}, "2025-11-04", "08:00:00", "v5"),
        chat_change("del_member", ["zhangwei"], "2025-11-04", "09:00:00", "v6"),
        chat_change("add_member", "zhangwei", "2025-11-05", "08:00:00", "v7"),
    ]
    (tmp_path / "callbacks.jsonl").write_text("\n".join(callbacks) + "\n", encoding="utf-8")
    (tmp_path / "messages.jsonl").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    write_table(out, "group_members.jsonl", [
        # wmA as a table that took the two changes of 09:00 for one (by their second) would have it
        group_member("wmA", "customer", t, None, 1, 1),
        group_member("wmB", "customer", t, t, 1, 0),
        group_member("wmC", "customer", None, "2025-11-03 10:00:00.000", 0, 0),
        group_member("zhangwei", "employee", "2025-11-05 08:00:00.000", "2025-11-04 09:00:00.000", 2, 1),
    ])

    status, lines, err = verify(tmp_path / "callbacks.jsonl", tmp_path / "messages.jsonl", out)

    assert line_of(lines, "group members") == (
        "MISMATCH group members: 1 of the group members differ (input: 4 group members, 2 in their group now, "
        "5 joins, 3 who left); first: chat_id=wrH member_id=wmA: join_cnt 2 from the input, 1 in the table"), err


# Arguments and the pieces written in Python


@pytest.mark.parametrize("arguments, message", [
    (["--messages", "m.jsonl", "--out", "."], "error: the following arguments are required: --callbacks"),
    (["--callbacks", "nowhere.jsonl", "--messages", "run", "--out", "."], "error: --callbacks: cannot read nowhere.jsonl"),
    (["--callbacks", "run", "--messages", "pom.xml", "--out", "nowhere"], "error: --out: no directory nowhere"),
])
def test_a_bad_argument_is_one_error_line_and_status_two(arguments, message):
    completed = subprocess.run([str(REPOSITORY / "run"), "verify", *arguments], capture_output=True, text=True,
                               timeout=60, cwd=REPOSITORY)

    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.count("\n") == 1 and completed.stderr.startswith(message)


def test_a_bad_config_is_one_error_line_and_status_two(tmp_path):
    hand_made_input(tmp_path)
    config = tmp_path / "tenant.yaml"
    config.write_text("attribution_window_day: 7\n", encoding="utf-8")

    status, lines, err = verify(tmp_path / "callbacks.jsonl", tmp_path / "messages.jsonl", tmp_path, config=config)

    assert (status, lines) == (2, [])
    assert err.splitlines()[-1] == f"error: --config {config}: unknown setting 'attribution_window_day' " \
                                   "(known: attribution_window_days, checkin_keywords, checkin_milestones, " \
                                   "flood_messages, flood_seconds, lateness_horizon_days, mass_deletion_threshold, " \
                                   "reply_sla_minutes, timezone, working_days, working_hours)"


def test_lines_are_numbered_as_replay_numbers_them():
    chunks = [b"\xef\xbb\xbf{\"a\":1}\r\n\n  \n{\"b\"", b":2}\n\xb2\xe2\xca\xd4\n{\"c\":3}"]

    assert list(numbered_lines(chunks)) == [(1, b'{"a":1}'), (4, b'{"b":2}'), (5, b"\xb2\xe2\xca\xd4"), (6, b'{"c":3}')]


def test_rules_are_read_as_the_jobs_read_them(tmp_path):
    rules = tmp_path / "rules.jsonl"
    rules.write_text("\n".join([
        '{"rule_id":"a","type":"keyword","words":["加微信"]}',
        '{"rule_id":"a","type":"keyword","words":["返现"],"enabled":false}',  # replaces the line above
        '{"rule_id":"builtin.email","enabled":false}',
        '{"rule_id":"b","type":"regex","pattern":"x","categroy":"typo"}',
        '{"rule_id":"c","type":"keyword","words":["!!"]}',
        '{"rule_id":"d","type":"regex","pattern":"保证(治愈"}',
    ]) + "\n", encoding="utf-8")

    read = read_rules(rules)

    assert [rule.rule_id for rule in read.in_force] == ["builtin.phone", "builtin.flood", "builtin.mass_deletion",
                                                        "builtin.reply_timeout"]
    assert [line for line, _ in read.rejected] == [4, 5, 6]
    with pytest.raises(RuleError, match="severity"):
        parse_rule('{"rule_id":"e","type":"keyword","words":["x"],"severity":"urgent"}')


def test_behaviour_rules_and_monitor_lines_are_read_as_the_job_reads_them():
    behavior = parse_rule('{"rule_id":"rp","type":"behavior","msgtypes":["external_redpacket"],"sender":"employee"}')
    flood = parse_rule('{"rule_id":"builtin.flood","severity":"high"}')
    deletion = parse_rule('{"rule_id":"builtin.mass_deletion","enabled":false,"category":""}')

    assert (behavior.kind, behavior.msgtypes, behavior.sender, behavior.chat) == ("behavior", ("external_redpacket",),
                                                                                "employee", "any")
    assert (behavior.category, behavior.severity) == ("behavior", "medium")
    assert (flood.category, flood.severity, flood.enabled) == ("flood", "high", True)
    assert (deletion.category, deletion.severity, deletion.enabled) == ("", "high", False)
    for line, reason in [
        ('{"rule_id":"a","type":"behavior","msgtypes":["card"],"words":["x"]}', "key words belongs to keyword rules"),
        ('{"rule_id":"a","type":"keyword","words":["x"],"chat":"group"}', "key chat belongs to behavior rules"),
        ('{"rule_id":"builtin.reply_timeout","msgtypes":["text"]}', "key msgtypes belongs to behavior rules"),
        ('{"rule_id":"a","type":"behavior","msgtypes":[]}', "non-empty msgtypes"),
        ('{"rule_id":"a","type":"behavior","msgtypes":["card"],"sender":"bot"}', "sender must be"),
        ('{"rule_id":"a","type":"behavior","msgtypes":["card"],"chat":""}', "chat must be"),
        ('{"rule_id":"a","type":"behavior","msgtypes":[" "]}', "every msgtype"),
    ]:
        with pytest.raises(RuleError, match=reason):
            parse_rule(line)


def test_the_alert_streams_final_state_is_each_alerts_last_record_unless_it_retracts():
    stream = [
        '{"alert_id":"a","msg_time":"10:00","retracted":false}',
        '{"alert_id":"b","msg_time":"11:00","retracted":false}',
        '{"alert_id":"a","msg_time":"09:00","retracted":false}',
        '{"alert_id":"b","msg_time":"11:00","retracted":true}',
        '{"alert_id":"c","msg_time":"12:00","retracted":true}',
        '{"alert_id":"c","msg_time":"12:30","retracted":false}',
    ]

    assert final_alerts(stream) == [{"alert_id": "a", "msg_time": "09:00", "retracted": False},
                                    {"alert_id": "c", "msg_time": "12:30", "retracted": False}]


def test_settings_default_and_come_from_json_or_yaml(tmp_path):
    json_config = tmp_path / "tenant.json"
    json_config.write_text('{"timezone": "UTC", "checkin_milestones": [3]}', encoding="utf-8")
    yaml_config = tmp_path / "tenant.yaml"
    yaml_config.write_text("attribution_window_days: seven\n", encoding="utf-8")

    assert load_settings(None) == Settings()
    assert load_settings(json_config) == Settings(timezone="UTC", checkin_milestones=(3,))
    with pytest.raises(SettingsError, match='attribution_window_days must be an integer, got "seven"'):
        load_settings(yaml_config)
