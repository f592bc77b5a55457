"""The input records, read in SQL from the raw lines as DESIGN section 3 defines them.

A line is rejected (a dead letter) when it is not UTF-8, longer than the local broker takes, not
a JSON object, misses a required field or has one of the wrong type, or is stamped more than a
day ahead of the clock; `reason` says which (empty for a good record). Callbacks of events the
jobs do not use are good records that feed no table. Then archive messages are deduplicated by
(corpid, msgid), first line wins, and what the tables count is derived once: counted messages,
check-ins, contact changes, group membership changes and each customer's attribution.

Almost every callback figure of the tables is a distinct set, an earliest or a latest time, which
a retried callback cannot change, so those read callbacks without deduplication; messages need it
(msg_total, msg_cnt, message_cnt count messages). group_members' join_cnt counts changes: it reads
`membership_records`, which keeps each distinct callback record (its `identity`) apart.

The channel catalogue (DESIGN section 5b, `--channels`) is read here too: `catalogue`, every line
with its reason and an entry's fields.
"""

from .sql import array_literal, is_customer, keyword, literal, normalized, trimmed_of_separators

MAX_LINE_BYTES = 16 * 1024 * 1024
FUTURE_TOLERANCE_MILLIS = 24 * 3600 * 1000
CONTACT_CHANGES = ("add_external_contact", "add_half_external_contact", "edit_external_contact",
                   "del_external_contact", "del_follow_user", "transfer_fail")
CHAT_CHANGES = ("create", "update", "dismiss")
ADDS = ("add_external_contact", "add_half_external_contact")
NOT_COUNTED_TYPES = ("revoke", "agree", "disagree")
# Java's String.trim: every character up to U+0020.
JAVA_TRIM = r"^[\x00-\x20]+|[\x00-\x20]+$"
# A catalogue entry's keys (DESIGN section 5b): any other is a typo, never silently a default.
CATALOGUE_TEXTS = ("name", "kind", "campaign", "region", "store", "inviter")
CATALOGUE_KEYS = ("corp_id", "state") + CATALOGUE_TEXTS + ("target",)
MAX_STATE_CHARS = 30  # WeCom refuses a contact way whose State is longer
MAX_TARGET = 2**32 - 1  # target is a UInt32 column


class Column(str):
    """A JSON key taken from a column of the row, not written in the query."""


def _path(*keys):
    return ", ".join(key if isinstance(key, Column) else literal(key) for key in keys)


def json_type(document, *keys):
    return f"JSONType({document}, {_path(*keys)})" if keys else f"JSONType({document})"


def is_text(document, *keys):
    return f"({json_type(document, *keys)} = 'String')"


def is_id(document, *keys):
    """A required id: a string that is not blank."""
    return f"({is_text(document, *keys)} AND NOT match(JSONExtractString({document}, {_path(*keys)}), '^\\\\s*$'))"


def is_optional_text(document, *keys):
    """Absent, null, a string or a number (WeCom's XML has no types)."""
    return f"({json_type(document, *keys)} IN ('Null', 'String', 'Int64', 'UInt64', 'Double'))"


def text_value(document, *keys):
    path = _path(*keys)
    return (f"multiIf(JSONType({document}, {path}) = 'String', JSONExtractString({document}, {path}), "
            f"JSONType({document}, {path}) IN ('Int64', 'UInt64', 'Double'), JSONExtractRaw({document}, {path}), '')")


def _trimmed_string(document, key):
    return f"replaceRegexpAll(JSONExtractString({document}, {literal(key)}), {literal(JAVA_TRIM)}, '')"


def is_whole_number(document, key):
    """A JSON integer that fits a long, or a string holding one."""
    return (f"(JSONType({document}, {literal(key)}) = 'Int64' OR (JSONType({document}, {literal(key)}) = 'String' "
            f"AND isNotNull(toInt64OrNull(replaceRegexpOne({_trimmed_string(document, key)}, '^\\\\+', '')))))")


def whole_number(document, key):
    return (f"if(JSONType({document}, {literal(key)}) = 'String', "
            f"ifNull(toInt64OrNull(replaceRegexpOne({_trimmed_string(document, key)}, '^\\\\+', '')), 0), "
            f"JSONExtractInt({document}, {literal(key)}))")


def _reason(checks):
    """multiIf over (problem condition, reason) pairs: the first problem found, '' for none."""
    arms = ", ".join(f"{condition}, {literal(reason)}" for condition, reason in checks)
    return f"multiIf({arms}, '')"


def _line_checks():
    return [
        ("NOT isValidUTF8(raw)", "not valid UTF-8"),
        (f"length(raw) > {MAX_LINE_BYTES}", "longer than 16 MiB"),
        ("NOT isValidJSON(raw) OR JSONType(raw) != 'Object'", "not a JSON object"),
    ]


def callbacks_sql(now_millis):
    """`callbacks`: every callback line with its reason and fields; `used` for the events the jobs use."""
    contact = "JSONExtractString(raw, 'Event') = 'change_external_contact'"
    chat = "JSONExtractString(raw, 'Event') = 'change_external_chat'"
    used_contact = f"({contact} AND JSONExtractString(raw, 'ChangeType') IN {tuple(CONTACT_CHANGES)})"
    used_chat = f"({chat} AND JSONExtractString(raw, 'ChangeType') IN {tuple(CHAT_CHANGES)})"
    membership = (f"({used_chat} AND JSONExtractString(raw, 'ChangeType') = 'update' "
                  f"AND {text_value('raw', 'UpdateDetail')} IN ('add_member', 'del_member'))")
    # MemChangeList: an array of ids, the older comma-separated string, or XML's {"Item": ...}.
    member_list = ("if(JSONType(raw, 'MemChangeList') = 'Object' AND JSONHas(raw, 'MemChangeList', 'Item'), "
                   "JSONExtractRaw(raw, 'MemChangeList', 'Item'), JSONExtractRaw(raw, 'MemChangeList'))")
    members = (f"arrayFilter(member -> member != '', arrayMap(member -> replaceRegexpAll(member, {literal(JAVA_TRIM)}, ''), "
               f"multiIf(JSONType(member_list) = 'String', splitByChar(',', JSONExtractString(member_list)), "
               f"JSONType(member_list) = 'Array', JSONExtract(member_list, 'Array(String)'), [])))")
    checks = _line_checks() + [
        (f"NOT {is_id('raw', 'ToUserName')}", "ToUserName must be a non-empty string"),
        (f"NOT {is_whole_number('raw', 'CreateTime')}", "CreateTime must be a whole number"),
        (f"NOT ({whole_number('raw', 'CreateTime')} BETWEEN 1000000000 AND 99999999999)", "CreateTime must be Unix seconds"),
        (f"NOT {is_text('raw', 'Event')}", "Event must be a string"),
        (f"({contact} OR {chat}) AND NOT {is_text('raw', 'ChangeType')}", "ChangeType must be a string"),
        (f"{used_contact} AND NOT {is_id('raw', 'UserID')}", "UserID must be a non-empty string"),
        (f"{used_contact} AND NOT {is_id('raw', 'ExternalUserID')}", "ExternalUserID must be a non-empty string"),
        (f"{used_contact} AND NOT {is_optional_text('raw', 'State')}", "State must be a string"),
        (f"{used_chat} AND NOT {is_id('raw', 'ChatId')}", "ChatId must be a non-empty string"),
        (f"{used_chat} AND NOT {is_optional_text('raw', 'UpdateDetail')}", "UpdateDetail must be a string"),
        (f"{membership} AND NOT (JSONType(member_list) = 'String' OR (JSONType(member_list) = 'Array' "
         f"AND arrayAll(item -> JSONType(item) = 'String', JSONExtractArrayRaw(member_list))))",
         "MemChangeList must be an array of ids or a comma-separated string"),
        (f"{membership} AND empty(members)", "MemChangeList names no member"),
        (f"({used_contact} OR {used_chat}) AND {whole_number('raw', 'CreateTime')} * 1000 > {now_millis + FUTURE_TOLERANCE_MILLIS}",
         "from the future (more than 24 hours ahead of the clock)"),
    ]
    return f"""
        CREATE TABLE callbacks ENGINE = MergeTree ORDER BY line AS
        SELECT line, reason, used, corp, create_time, event, change_type, user_id, external_user_id, state, chat_id,
               update_detail, if(is_membership, members, []) AS members, identity
        FROM (
            SELECT line, raw,
                   if({membership}, {_record_identity('raw')}, '') AS identity,
                   {member_list} AS member_list,
                   {members} AS members,
                   {membership} AS is_membership,
                   {_reason(checks)} AS reason,
                   {used_contact} OR {used_chat} AS used,
                   JSONExtractString(raw, 'ToUserName') AS corp,
                   {whole_number('raw', 'CreateTime')} AS create_time,
                   JSONExtractString(raw, 'Event') AS event,
                   JSONExtractString(raw, 'ChangeType') AS change_type,
                   JSONExtractString(raw, 'UserID') AS user_id,
                   JSONExtractString(raw, 'ExternalUserID') AS external_user_id,
                   {text_value('raw', 'State')} AS state,
                   JSONExtractString(raw, 'ChatId') AS chat_id,
                   {text_value('raw', 'UpdateDetail')} AS update_detail
            FROM raw_callbacks
        )"""


def _record_identity(document):
    """A callback's identity is the whole record (DESIGN section 3): its fields whatever their order,
    as the jobs' deduplication compares them (ClickHouse writes each value compactly)."""
    return f"hex(sipHash128(toString(arraySort(JSONExtractKeysAndValuesRaw({document})))))"


# The payload object of a message type: named after the type, except these (DESIGN section 3).
PAYLOAD_KEY = ("multiIf(msgtype = 'external_redpacket', 'redpacket', msgtype = 'docmsg', 'doc', "
               "msgtype IN ('markdown', 'news'), 'info', msgtype)")


def _readable_fields():
    """(msgtype, field) of the human-readable text that is scanned (DESIGN section 5)."""
    return [("text", "content"), ("markdown", "content"), ("link", "title"), ("link", "description"),
            ("weapp", "title"), ("weapp", "description")]


def messages_sql(now_millis):
    """`messages`: every archive line with its reason and fields."""
    chat = "JSONExtractString(raw, 'action') IN ('send', 'recall')"
    switch = "JSONExtractString(raw, 'action') = 'switch'"
    has_payload = "JSONType(raw, pk) = 'Object'"
    field_checks = " AND ".join(
        f"NOT (msgtype = {literal(kind)} AND {has_payload} AND NOT {is_optional_text('raw', Column('pk'), field)})"
        for kind, field in _readable_fields())
    news_items = "if(msgtype = 'news' AND JSONType(raw, 'info', 'item') = 'Array', JSONExtractArrayRaw(raw, 'info', 'item'), [])"
    news_ok = (f"arrayAll(item -> JSONType(item) != 'Object' OR ({is_optional_text('item', 'title')} "
               f"AND {is_optional_text('item', 'description')}), {news_items})")
    readable = " , ".join(
        f"if(msgtype = {literal(kind)} AND {has_payload}, {text_value('raw', Column('pk'), field)}, '')"
        for kind, field in _readable_fields())
    news_texts = (f"arrayFlatten(arrayMap(item -> if(JSONType(item) = 'Object', "
                  f"[{text_value('item', 'title')}, {text_value('item', 'description')}], []), {news_items}))")
    time_key = f"if({switch}, 'time', 'msgtime')"
    checks = _line_checks() + [
        (f"NOT {is_id('raw', 'corpid')}", "corpid must be a non-empty string"),
        (f"NOT {is_id('raw', 'msgid')}", "msgid must be a non-empty string"),
        (f"JSONType(raw, 'seq') != 'Null' AND NOT {is_whole_number('raw', 'seq')}", "seq must be a whole number"),
        (f"NOT {is_text('raw', 'action')}", "action must be a string"),
        (f"NOT ({chat} OR {switch})", "unknown action"),
        (f"{switch} AND NOT {is_id('raw', 'user')}", "user must be a non-empty string"),
        (f"{chat} AND NOT {is_text('raw', 'msgtype')}", "msgtype must be a string"),
        (f"{chat} AND JSONType(raw, pk) NOT IN ('Null', 'Object')", "the payload must be an object"),
        (f"{chat} AND NOT ({field_checks} AND {news_ok})", "a payload text must be a string"),
        (f"{chat} AND NOT {is_id('raw', 'from')}", "from must be a non-empty string"),
        (f"{chat} AND NOT (JSONType(raw, 'tolist') = 'Array' "
         f"AND arrayAll(item -> JSONType(item) = 'String', JSONExtractArrayRaw(raw, 'tolist')))", "tolist must be an array of strings"),
        (f"{chat} AND NOT {is_text('raw', 'roomid')}", "roomid must be a string"),
        (f"{chat} AND NOT {is_whole_number('raw', 'msgtime')}", "msgtime must be a whole number"),
        (f"{chat} AND NOT ({whole_number('raw', 'msgtime')} BETWEEN 1000000000000 AND 99999999999999)",
         "msgtime must be Unix milliseconds"),
        (f"{switch} AND NOT {is_whole_number('raw', 'time')}", "time must be a whole number"),
        (f"{switch} AND NOT ({whole_number('raw', 'time')} BETWEEN 1000000000000 AND 99999999999999)",
         "time must be Unix milliseconds"),
        (f"msg_time > {now_millis + FUTURE_TOLERANCE_MILLIS}", "from the future (more than 24 hours ahead of the clock)"),
    ]
    return f"""
        CREATE TABLE messages ENGINE = MergeTree ORDER BY line AS
        SELECT line, reason, corp, msgid, action, sender, tolist, roomid, msg_time, msgtype, content, texts
        FROM (
            SELECT line, raw,
                   JSONExtractString(raw, 'msgtype') AS msgtype,
                   {PAYLOAD_KEY} AS pk,
                   if({switch}, {whole_number('raw', 'time')}, {whole_number('raw', 'msgtime')}) AS msg_time,
                   {_reason(checks)} AS reason,
                   JSONExtractString(raw, 'corpid') AS corp,
                   JSONExtractString(raw, 'msgid') AS msgid,
                   JSONExtractString(raw, 'action') AS action,
                   JSONExtractString(raw, if({switch}, 'user', 'from')) AS sender,
                   JSONExtract(raw, 'tolist', 'Array(String)') AS tolist,
                   JSONExtractString(raw, 'roomid') AS roomid,
                   if(msgtype = 'text' AND {has_payload} AND {json_type('raw', 'text', 'content')} != 'Null',
                      {text_value('raw', 'text', 'content')}, NULL) AS content,
                   arrayFilter(text -> text != '', arrayConcat([{readable}], {news_texts})) AS texts
            FROM raw_messages
        )"""


def derived_sql(settings):
    """The facts the tables are made of, each once: what DESIGN sections 3 to 5a count."""
    tz = literal(settings.timezone)
    keywords = f"arrayMap(word -> {keyword('word')}, {array_literal(settings.checkin_keywords)})"
    return [
        # One record per (corpid, msgid): archive pulls overlap and retries are exact copies.
        """CREATE TABLE unique_messages ENGINE = Memory AS
           SELECT * FROM messages WHERE reason = '' ORDER BY corp, msgid, line LIMIT 1 BY corp, msgid""",
        f"""CREATE TABLE counted ENGINE = Memory AS
            SELECT corp, msgid, sender, tolist, roomid, msg_time, msgtype, texts,
                   toDate(fromUnixTimestamp64Milli(msg_time, {tz})) AS day,
                   msgtype = 'text' AND roomid != '' AND isNotNull(content)
                       AND has({keywords}, {trimmed_of_separators(normalized('assumeNotNull(content)'))}) AS is_checkin
            FROM unique_messages
            WHERE action = 'send' AND msgtype NOT IN {tuple(NOT_COUNTED_TYPES)}""",
        f"""CREATE TABLE contact_changes ENGINE = Memory AS
            SELECT DISTINCT corp, change_type, user_id AS employee, external_user_id AS customer, state, create_time,
                   toDate(toDateTime(create_time, {tz})) AS day
            FROM callbacks WHERE reason = '' AND used AND event = 'change_external_contact'""",
        f"""CREATE TABLE membership_changes ENGINE = Memory AS
            SELECT DISTINCT corp, chat_id, update_detail, arrayJoin(members) AS member, create_time,
                   toDate(toDateTime(create_time, {tz})) AS day
            FROM callbacks WHERE reason = '' AND used AND notEmpty(members)""",
        # membership_changes holds two different changes of one second as one row: here each distinct
        # record stays a row of its own (a retry is the same record), and a member listed twice in a
        # change is in it once.
        """CREATE TABLE membership_records ENGINE = Memory AS
           SELECT DISTINCT corp, chat_id, update_detail, arrayJoin(arrayDistinct(members)) AS member, create_time, identity
           FROM callbacks WHERE reason = '' AND used AND notEmpty(members)""",
        # Each customer's attribution (DESIGN section 5): the earliest add, the same second decided by
        # employee, then channel, so that arrival order never decides.
        f"""CREATE TABLE attributions ENGINE = Memory AS
            SELECT corp, customer, tupleElement(first_add, 1) AS state, tupleElement(first_add, 2) AS employee,
                   tupleElement(first_add, 3) * 1000 AS added_ms
            FROM (
                SELECT corp, customer, argMin((state, employee, create_time), (create_time, employee, state)) AS first_add
                FROM contact_changes WHERE change_type IN {tuple(ADDS)}
                GROUP BY corp, customer
            )""",
        # One-to-one chats between an employee and a customer (DESIGN 5a), one row per message and pair.
        f"""CREATE TABLE one_to_one ENGINE = Memory AS
            SELECT corp, msgid, msg_time, day,
                   if(from_customer, other, sender) AS employee,
                   if(from_customer, sender, other) AS customer,
                   from_customer
            FROM (SELECT *, {is_customer('sender')} AS from_customer FROM counted WHERE roomid = '')
            ARRAY JOIN tolist AS other
            WHERE from_customer != {is_customer('other')}""",
    ]


def corp_count(engine):
    """How many corps the good records and catalogue entries come from."""
    result = engine.query("SELECT uniqExact(corp) FROM (SELECT corp FROM callbacks WHERE reason = '' "
                          "UNION ALL SELECT corp FROM messages WHERE reason = '' "
                          "UNION ALL SELECT corp_id FROM catalogue WHERE reason = '')", "TSV")
    return int(str(result).strip() or 0)


def catalogue_sql():
    """`catalogue`: every line of the channel catalogue with its reason and the entry's fields (DESIGN
    section 5b: corp_id and state required, the other texts optional, target a non-negative integer,
    no other key)."""
    def missing(key):
        return f"(JSONType(raw, {literal(key)}) = 'Null' OR ({is_text('raw', key)} AND NOT {is_id('raw', key)}))"

    checks = _line_checks()
    for key in ("corp_id", "state"):
        checks += [(missing(key), f"missing required field {key}"),
                   (f"NOT {is_text('raw', key)}", f"field {key} must be a string")]
    checks += [
        ("position(corp_id, '/') > 0", "corp_id must not contain / (the topic is keyed corp/state)"),
        (f"lengthUTF8(state) > {MAX_STATE_CHARS}", f"state must be at most {MAX_STATE_CHARS} characters"),
        (f"NOT arrayAll(key -> has({array_literal(CATALOGUE_KEYS)}, key), JSONExtractKeys(raw))", "unknown key"),
    ]
    checks += [(f"JSONType(raw, {literal(key)}) NOT IN ('Null', 'String')", f"field {key} must be a string")
               for key in CATALOGUE_TEXTS]
    checks += [
        ("JSONType(raw, 'target') NOT IN ('Null', 'Int64', 'UInt64')", "target must be a non-negative integer"),
        (f"JSONType(raw, 'target') = 'UInt64' OR NOT (JSONExtractInt(raw, 'target') BETWEEN 0 AND {MAX_TARGET})",
         f"target must be between 0 and {MAX_TARGET}"),
    ]
    texts = ", ".join(f"JSONExtractString(raw, {literal(key)}) AS {key}" for key in CATALOGUE_TEXTS)
    return f"""
        CREATE TABLE catalogue ENGINE = MergeTree ORDER BY line AS
        SELECT line, reason, corp_id, state, {", ".join(CATALOGUE_TEXTS)}, target
        FROM (
            SELECT line, raw,
                   JSONExtractString(raw, 'corp_id') AS corp_id,
                   JSONExtractString(raw, 'state') AS state,
                   {texts},
                   toUInt32(JSONExtractUInt(raw, 'target')) AS target,
                   {_reason(checks)} AS reason
            FROM raw_channels
        )"""
