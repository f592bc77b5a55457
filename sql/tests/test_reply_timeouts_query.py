"""reply_timeouts_by_employee.sql on a current ClickHouse engine, with hand-made alerts and
employee days whose answers are worked out by hand (in the comments). compliance_alerts is made
with the schema of migration 005 (version and is_deleted, ReplacingMergeTree(version, is_deleted))
in the test's probe database, so the test holds before and after that migration."""

CORP = "wwcorp"

ALERTS_AFTER_MIGRATION_005 = """
CREATE OR REPLACE TABLE wecom.compliance_alerts
(
    alert_id String, corp_id LowCardinality(String), msgid String, msg_time DateTime64(3, 'Asia/Shanghai'),
    roomid String, sender String, sender_type LowCardinality(String), receivers Array(String),
    rule_id LowCardinality(String), category LowCardinality(String), severity LowCardinality(String),
    matched String, excerpt String, detected_at DateTime64(3, 'Asia/Shanghai'), version UInt64, is_deleted UInt8
)
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY (corp_id, alert_id)
"""


def alert(alert_id, customer, employee, msg_time, rule_id="builtin.reply_timeout", version=1, is_deleted=0):
    """An alert on a customer's one-to-one message; msg_time 'MM-DD HH:MM' of 2026, Asia/Shanghai."""
    return {"alert_id": alert_id, "corp_id": CORP, "msgid": f"msg-{alert_id}", "msg_time": f"2026-{msg_time}:00.000",
            "roomid": "", "sender": customer, "sender_type": "customer", "receivers": [employee], "rule_id": rule_id,
            "category": "service", "severity": "medium", "matched": "", "excerpt": "",
            "detected_at": f"2026-{msg_time}:00.000", "version": version, "is_deleted": is_deleted}


def employee_day(employee, day, initiated, version=1):
    return {"corp_id": CORP, "userid": employee, "stat_date": f"2026-{day}", "initiated_chat_cnt": initiated,
            "replied_chat_cnt": 0, "version": version}


def test_breaches_per_employee_and_business_day_over_the_customer_initiated_chats(probe):
    probe.select(ALERTS_AFTER_MIGRATION_005)
    probe.insert("compliance_alerts", [
        # lina, 03-02: two breaches, of two customers.
        alert("r1", "wmA", "lina", "03-02 10:00"),
        alert("r2", "wmB", "lina", "03-02 17:50"),
        # Retracted by a late answer: not a breach.
        alert("r3", "wmC", "lina", "03-02 11:00", version=1),
        alert("r3", "wmC", "lina", "03-02 11:00", version=2, is_deleted=1),
        # 00:30 on 03-04 in Shanghai is 03-03 16:30 UTC: a breach of business day 03-04.
        alert("r4", "wmA", "lina", "03-04 00:30"),
        # Moved by a late earlier customer message from 03-01 23:50 to 03-02 09:10: one breach, on 03-02.
        alert("r5", "wmD", "zhangwei", "03-01 23:50", version=1),
        alert("r5", "wmD", "zhangwei", "03-02 09:10", version=2),
        # Another rule's alert on a message to zhangwei is no breach.
        alert("p1", "wmD", "zhangwei", "03-02 09:20", rule_id="builtin.phone"),
    ])
    probe.insert("employee_daily_behavior", [
        employee_day("lina", "03-02", 5, version=1),
        employee_day("lina", "03-02", 4, version=2),
        employee_day("lina", "03-03", 3),
        employee_day("zhangwei", "03-02", 2),
        # Days without a customer-initiated chat and without a breach are not listed.
        employee_day("wangfang", "03-02", 0),
    ])

    result = probe.run_query("reply_timeouts_by_employee")

    assert [(r["userid"], r["stat_date"], r["customer_initiated_chats"], r["breaches"], r["customers_kept_waiting"],
             r["breach_pct"]) for r in result] == [
        # 2 breaches (wmA, wmB) of 4 customer-initiated chats (the newer row, not 5).
        ("lina", "2026-03-02", 4, 2, 2, 50.0),
        # Waits and no breach.
        ("lina", "2026-03-03", 3, 0, 0, 0.0),
        # A breach and no customer-initiated chat that day: no share.
        ("lina", "2026-03-04", 0, 1, 1, None),
        ("zhangwei", "2026-03-02", 2, 1, 1, 50.0),
    ]
    assert {r["corp_id"] for r in result} == {CORP}
