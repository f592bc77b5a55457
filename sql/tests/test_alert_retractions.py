"""compliance_alerts with retractions (DESIGN section 5b): the upgrade of a table that holds alerts,
and the analysts' alert query leaving retracted alerts out."""

import json

from chdb_results import MIGRATIONS, migration_sql, query_rows, statements

RETRACTIONS = "005_alert_retractions.sql"


def alert(alert_id, msg_time, category="solicitation", severity="medium", sender="wmA", **versioning):
    return dict({"alert_id": alert_id, "corp_id": "wwprobe", "msgid": "m-" + alert_id, "msg_time": msg_time,
                 "roomid": "", "sender": sender, "sender_type": "customer", "receivers": ["zhangsan"],
                 "rule_id": "contact", "category": category, "severity": severity, "matched": "加微信",
                 "excerpt": "请加微信", "detected_at": msg_time}, **versioning)


def apply(engine, database, migration):
    for statement in statements(migration_sql(MIGRATIONS / migration).replace("wecom.", f"{database}.")):
        engine.query(statement)


def insert(engine, table, rows):
    # Separate parts, as separate sink batches are: a query that forgot FINAL would see every row.
    engine.query(f"INSERT INTO {table} SETTINGS optimize_on_insert = 0 FORMAT JSONEachRow\n"
                 + "\n".join(json.dumps(row) for row in rows))


def test_the_retractions_migration_upgrades_a_table_with_rows_in_it_and_can_run_again(engine):
    database = "retractions_upgrade"
    engine.query(f"CREATE DATABASE {database}")
    try:
        for migration in sorted(path.name for path in MIGRATIONS.glob("*.sql") if path.name < RETRACTIONS):
            apply(engine, database, migration)
        before = [alert("a1", "2026-03-02 10:00:00.250"), alert("a2", "2026-04-30 23:59:59.999", sender="wmB")]
        insert(engine, f"{database}.compliance_alerts", before)
        # The sink wrote a batch twice (a retry): the old engine collapses it under FINAL too.
        insert(engine, f"{database}.compliance_alerts", before[:1])

        apply(engine, database, RETRACTIONS)
        apply(engine, database, RETRACTIONS)

        kept = query_rows(engine, f"SELECT alert_id, sender, toString(msg_time) AS msg_time, version, is_deleted "
                                  f"FROM {database}.compliance_alerts FINAL ORDER BY alert_id")
        assert kept == [
            {"alert_id": "a1", "sender": "wmA", "msg_time": "2026-03-02 10:00:00.250", "version": 0, "is_deleted": 0},
            {"alert_id": "a2", "sender": "wmB", "msg_time": "2026-04-30 23:59:59.999", "version": 0, "is_deleted": 0},
        ]
        table = query_rows(engine, f"SELECT engine_full, partition_key, sorting_key FROM system.tables "
                                   f"WHERE database = '{database}' AND name = 'compliance_alerts'")[0]
        assert table["engine_full"].startswith("ReplacingMergeTree(version, is_deleted) PARTITION BY toYYYYMM(msg_time)")
        assert "TTL toDateTime(msg_time) + toIntervalDay(400)" in table["engine_full"]
        assert table["sorting_key"] == "corp_id, alert_id"
        columns = query_rows(engine, f"SELECT name, type FROM system.columns WHERE database = '{database}' "
                                     f"AND table = 'compliance_alerts' ORDER BY position")
        assert [(c["name"], c["type"]) for c in columns][-3:] == [
            ("detected_at", "DateTime64(3, 'Asia/Shanghai')"), ("version", "UInt64"), ("is_deleted", "UInt8")]
        assert query_rows(engine, f"SELECT name FROM system.tables WHERE database = '{database}' "
                                  f"AND name LIKE 'compliance_alerts%'") == [{"name": "compliance_alerts"}]

        # The jobs' rows after the upgrade: a1 retracted, a2 moved; the versions survive a further run.
        insert(engine, f"{database}.compliance_alerts",
               [alert("a1", "2026-03-02 10:00:00.250", version=7, is_deleted=1),
                alert("a2", "2026-04-30 23:00:00.000", sender="wmB", version=8, is_deleted=0)])
        apply(engine, database, RETRACTIONS)
        final = query_rows(engine, f"SELECT alert_id, toString(msg_time) AS msg_time, version "
                                   f"FROM {database}.compliance_alerts FINAL")
        assert final == [{"alert_id": "a2", "msg_time": "2026-04-30 23:00:00.000", "version": 8}]
    finally:
        engine.query(f"DROP DATABASE {database}")


def test_alerts_per_day_leaves_retracted_alerts_out(probe):
    probe.insert("compliance_alerts", [
        alert("kept", "2026-03-02 10:00:00.000", version=1, is_deleted=0),
        alert("taken-back", "2026-03-02 11:00:00.000", sender="wmB", version=1, is_deleted=0),
        alert("flood", "2026-03-02 12:00:00.000", category="flood", sender="wmC", version=1, is_deleted=0),
    ])
    probe.insert("compliance_alerts", [
        alert("taken-back", "2026-03-02 11:00:00.000", sender="wmB", version=2, is_deleted=1),
        # A retraction the newer row overrides: the alert stands again.
        alert("flood", "2026-03-02 12:00:00.000", category="flood", sender="wmC", version=2, is_deleted=1),
    ])
    probe.insert("compliance_alerts", [
        alert("flood", "2026-03-02 12:00:00.000", category="flood", sender="wmC", version=3, is_deleted=0),
    ])

    result = probe.run_query("alerts_per_day")

    assert [(r["day"], r["category"], r["alerts"], r["senders"]) for r in result] == [
        ("2026-03-02", "flood", 1, 1), ("2026-03-02", "solicitation", 1, 1)]
