"""Each result table recomputed from the input records (scripts/totals/records.py), as DESIGN
sections 5 to 5b define its rows: `expected_<table>`, one row per key, the table's own columns."""

from .records import ADDS, CATALOGUE_TEXTS
from .sql import is_customer, literal


def channel_conversion_daily(settings):
    """Each customer attributed once (records.py's `attributions`), and the stages reached within
    [t_add, t_add + W), times compared in milliseconds."""
    tz = literal(settings.timezone)
    window = settings.attribution_window_days * 86_400_000
    return f"""
        CREATE TABLE expected_channel_conversion_daily ENGINE = Memory AS
        WITH joined AS (
            SELECT DISTINCT a.corp, a.customer FROM attributions AS a
            INNER JOIN membership_changes AS m ON m.corp = a.corp AND m.member = a.customer
            WHERE m.update_detail = 'add_member' AND m.create_time * 1000 >= a.added_ms
              AND m.create_time * 1000 < a.added_ms + {window}
        ),
        engaged AS (
            SELECT DISTINCT a.corp, a.customer FROM attributions AS a
            INNER JOIN counted AS c ON c.corp = a.corp AND c.sender = a.customer
            WHERE c.msg_time >= a.added_ms AND c.msg_time < a.added_ms + {window}
        ),
        checked_in AS (
            SELECT DISTINCT a.corp, a.customer FROM attributions AS a
            INNER JOIN (SELECT * FROM counted WHERE is_checkin) AS c ON c.corp = a.corp AND c.sender = a.customer
            WHERE c.msg_time >= a.added_ms AND c.msg_time < a.added_ms + {window}
        ),
        lost AS (
            SELECT DISTINCT a.corp, a.customer FROM attributions AS a
            INNER JOIN contact_changes AS d ON d.corp = a.corp AND d.customer = a.customer AND d.employee = a.employee
            WHERE d.change_type = 'del_follow_user' AND d.create_time * 1000 >= a.added_ms
              AND d.create_time * 1000 < a.added_ms + {window}
        )
        SELECT corp AS corp_id, state, toDate(fromUnixTimestamp64Milli(added_ms, {tz})) AS cohort_date,
               toUInt64(count()) AS new_customers,
               toUInt64(countIf((corp, customer) IN joined)) AS joined_group,
               toUInt64(countIf((corp, customer) IN engaged)) AS engaged,
               toUInt64(countIf((corp, customer) IN checked_in)) AS checked_in,
               toUInt64(countIf((corp, customer) IN lost)) AS lost
        FROM attributions
        GROUP BY corp_id, state, cohort_date"""


def _time(millis, settings):
    """A DateTime64(3) in the business zone as the tables' JSON writes it; NULL stays NULL."""
    return f"toString(fromUnixTimestamp64Milli({millis}, {literal(settings.timezone)}))"


def customer_journey(settings):
    """Each customer's attribution and the earliest step of each kind at or after the add (DESIGN
    section 5b): the facts channel_conversion_daily counts within its window, here without one."""
    tz = literal(settings.timezone)
    firsts = {
        "first_group_join_at": "step = 'group_join'",
        "first_msg_at": "step = 'message'",
        "first_checkin_at": "step = 'message' AND is_checkin",
        "lost_at": "step = 'del_follow_user' AND s.employee = a.employee",
        "removed_at": "step = 'del_external_contact' AND s.employee = a.employee",
    }
    columns = ",\n               ".join(
        f"{_time(f'minIfOrNull(s.at_ms, {condition} AND s.at_ms >= a.added_ms)', settings)} AS {column}"
        for column, condition in firsts.items())
    return f"""
        CREATE TABLE expected_customer_journey ENGINE = Memory AS
        WITH steps AS (
            SELECT corp, member AS customer, 'group_join' AS step, create_time * 1000 AS at_ms, '' AS employee,
                   false AS is_checkin
            FROM membership_changes WHERE update_detail = 'add_member'
            UNION ALL
            SELECT corp, sender, 'message', msg_time, '', is_checkin FROM counted
            UNION ALL
            SELECT corp, customer, change_type, create_time * 1000, employee, false FROM contact_changes
            WHERE change_type IN ('del_follow_user', 'del_external_contact')
        )
        SELECT a.corp AS corp_id, a.customer AS external_userid, any(a.state) AS state, any(a.employee) AS userid,
               {_time('any(a.added_ms)', settings)} AS added_at,
               toDate(fromUnixTimestamp64Milli(any(a.added_ms), {tz})) AS cohort_date,
               {columns}
        FROM attributions AS a
        LEFT JOIN steps AS s ON s.corp = a.corp AND s.customer = a.customer
        GROUP BY a.corp, a.customer
        SETTINGS join_use_nulls = 0"""


def group_members(settings):
    """Every member named in a group's membership changes: the latest join and leave, the distinct
    add_member records naming them, and whether the latest change is a join (a join and a leave in
    the same second leave the member out)."""
    return f"""
        CREATE TABLE expected_group_members ENGINE = Memory AS
        SELECT corp AS corp_id, chat_id, member AS member_id,
               if({is_customer('member')}, 'customer', 'employee') AS member_type,
               maxIfOrNull(create_time, update_detail = 'add_member') AS joined,
               maxIfOrNull(create_time, update_detail = 'del_member') AS left,
               {_time('joined * 1000', settings)} AS joined_at,
               {_time('left * 1000', settings)} AS left_at,
               toUInt64(uniqExactIf(identity, update_detail = 'add_member')) AS join_cnt,
               toUInt8(joined IS NOT NULL AND (left IS NULL OR joined > left)) AS is_member
        FROM membership_records
        GROUP BY corp, chat_id, member"""


def channels(settings):
    """The catalogue's good lines, the last line of each (corp_id, state) winning, as the compacted
    topic keeps them in file order; a bad line changes nothing."""
    texts = ", ".join(f"argMax({key}, line) AS {key}" for key in CATALOGUE_TEXTS)
    return f"""
        CREATE TABLE expected_channels ENGINE = Memory AS
        SELECT corp_id, state, {texts}, argMax(target, line) AS target
        FROM catalogue WHERE reason = ''
        GROUP BY corp_id, state"""


def group_daily_stats(settings):
    """A row for every group and day with a membership change or a counted message."""
    return """
        CREATE TABLE expected_group_daily_stats ENGINE = Memory AS
        SELECT corp AS corp_id, chat_id, day AS stat_date,
               toUInt64(uniqExactIf(member, kind = 'add_member')) AS new_member_cnt,
               toUInt64(uniqExactIf(member, kind = 'del_member')) AS quit_member_cnt,
               toUInt64(uniqExactIf(member, kind = 'message')) AS member_has_msg,
               toUInt64(countIf(kind = 'message')) AS msg_total,
               toUInt64(uniqExactIf(member, kind = 'message' AND is_checkin)) AS checkin_members
        FROM (
            SELECT corp, chat_id, day, update_detail AS kind, member, false AS is_checkin FROM membership_changes
            UNION ALL
            SELECT corp, roomid, day, 'message', sender, is_checkin FROM counted WHERE roomid != ''
        )
        GROUP BY corp_id, chat_id, stat_date"""


def member_daily_activity(settings):
    tz = literal(settings.timezone)
    return f"""
        CREATE TABLE expected_member_daily_activity ENGINE = Memory AS
        SELECT corp AS corp_id, roomid AS chat_id, sender AS member_id, day AS stat_date,
               if({is_customer('sender')}, 'customer', 'employee') AS member_type,
               toUInt64(count()) AS msg_cnt,
               toString(fromUnixTimestamp64Milli(min(msg_time), {tz})) AS first_msg_at,
               toString(fromUnixTimestamp64Milli(max(msg_time), {tz})) AS last_msg_at,
               toUInt8(max(is_checkin)) AS checked_in
        FROM counted WHERE roomid != ''
        GROUP BY corp_id, chat_id, member_id, stat_date"""


def employee_daily_behavior(settings):
    """WeCom's "user behavior data": a chat is customer-initiated on a day when the customer's first
    message came strictly before the employee's (or the employee wrote nothing), and replied when the
    employee wrote to the customer later that day."""
    return f"""
        CREATE TABLE expected_employee_daily_behavior ENGINE = Memory AS
        WITH chats AS (
            SELECT corp, employee, day, customer,
                   minIf(msg_time, from_customer) AS customer_first,
                   minIf(msg_time, NOT from_customer) AS employee_first,
                   countIf(from_customer) > 0 AND (countIf(NOT from_customer) = 0 OR customer_first < employee_first) AS initiated,
                   initiated AND countIf(NOT from_customer) > 0 AS replied
            FROM one_to_one GROUP BY corp, employee, day, customer
        ),
        replies AS (
            SELECT corp, employee, day,
                   toUInt64(countIf(initiated)) AS initiated_chat_cnt,
                   toUInt64(countIf(replied)) AS replied_chat_cnt,
                   if(initiated_chat_cnt = 0, NULL, 100.0 * replied_chat_cnt / initiated_chat_cnt) AS reply_percentage,
                   if(replied_chat_cnt = 0, NULL, avgIf((employee_first - customer_first) / 60000.0, replied)) AS avg_reply_time
            FROM chats GROUP BY corp, employee, day
        ),
        sent AS (
            SELECT corp, employee, day, toUInt64(uniqExact(customer)) AS chat_cnt, toUInt64(uniqExact(msgid)) AS message_cnt
            FROM one_to_one WHERE NOT from_customer GROUP BY corp, employee, day
        ),
        contacts AS (
            SELECT corp, employee, day,
                   toUInt64(uniqExactIf(customer, change_type IN {tuple(ADDS)})) AS new_contact_cnt,
                   toUInt64(uniqExactIf(customer, change_type = 'del_follow_user')) AS negative_feedback_cnt
            FROM contact_changes
            WHERE change_type IN {tuple(ADDS) + ('del_follow_user',)}
            GROUP BY corp, employee, day
        ),
        days AS (
            SELECT DISTINCT corp, employee, day FROM (
                SELECT corp, employee, day FROM one_to_one UNION ALL SELECT corp, employee, day FROM contacts)
        )
        SELECT d.corp AS corp_id, d.employee AS userid, d.day AS stat_date,
               c.new_contact_cnt AS new_contact_cnt, c.negative_feedback_cnt AS negative_feedback_cnt,
               s.chat_cnt AS chat_cnt, s.message_cnt AS message_cnt,
               r.reply_percentage AS reply_percentage, r.avg_reply_time AS avg_reply_time,
               r.initiated_chat_cnt AS initiated_chat_cnt, r.replied_chat_cnt AS replied_chat_cnt
        FROM days AS d
        LEFT JOIN contacts AS c ON c.corp = d.corp AND c.employee = d.employee AND c.day = d.day
        LEFT JOIN sent AS s ON s.corp = d.corp AND s.employee = d.employee AND s.day = d.day
        LEFT JOIN replies AS r ON r.corp = d.corp AND r.employee = d.employee AND r.day = d.day
        SETTINGS join_use_nulls = 0"""


def _checkin_runs():
    """Each member's runs of consecutive check-in days in a group (days minus their rank is constant in a run)."""
    return """
        checkin_runs AS (
            SELECT corp, chat_id, member_id, min(day) AS run_start, max(day) AS run_end, toUInt64(count()) AS run_length
            FROM (
                SELECT corp, chat_id, member_id, day,
                       toInt64(toUInt16(day)) - row_number() OVER (PARTITION BY corp, chat_id, member_id ORDER BY day) AS run
                FROM (SELECT DISTINCT corp, roomid AS chat_id, sender AS member_id, day FROM counted WHERE is_checkin)
            )
            GROUP BY corp, chat_id, member_id, run
        )"""


def checkin_streaks(settings):
    return f"""
        CREATE TABLE expected_checkin_streaks ENGINE = Memory AS
        WITH {_checkin_runs()}
        SELECT corp AS corp_id, chat_id, member_id,
               argMax(run_length, run_end) AS current_streak, max(run_length) AS longest_streak,
               sum(run_length) AS total_days, min(run_start) AS first_checkin_date, max(run_end) AS last_checkin_date
        FROM checkin_runs GROUP BY corp_id, chat_id, member_id"""


def checkin_milestones(settings):
    """A milestone is reached on the day the first run long enough reaches it."""
    milestones = "[" + ", ".join(str(int(milestone)) for milestone in settings.checkin_milestones) + "]"
    return f"""
        CREATE TABLE expected_checkin_milestones ENGINE = Memory AS
        WITH {_checkin_runs()}
        SELECT corp AS corp_id, chat_id, member_id, toUInt32(milestone) AS milestone,
               min(run_start + toIntervalDay(milestone - 1)) AS reached_date
        FROM checkin_runs ARRAY JOIN arrayMap(m -> toUInt64(m), {milestones}) AS milestone
        WHERE run_length >= milestone
        GROUP BY corp_id, chat_id, member_id, milestone"""


TABLES = {
    "channel_conversion_daily": channel_conversion_daily,
    "customer_journey": customer_journey,
    "group_members": group_members,
    "channels": channels,
    "group_daily_stats": group_daily_stats,
    "member_daily_activity": member_daily_activity,
    "employee_daily_behavior": employee_daily_behavior,
    "checkin_streaks": checkin_streaks,
    "checkin_milestones": checkin_milestones,
}
