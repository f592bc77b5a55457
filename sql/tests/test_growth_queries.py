"""The growth SQL of DESIGN section 5b on a current ClickHouse engine: the fission_referrals view
and the queries over customer_journey, group_members and channels. Each test inserts a few
hand-made rows into a probe schema and compares with answers worked out by hand (in the comments);
older versions of some rows are inserted too, so reading without FINAL gives other answers."""

import json

import pytest

from conftest import run_query

CORP = "wwcorp"


def at(day_and_time):
    """A DateTime64(3) of 2026 as the jobs write it and ClickHouse returns it, from 'MM-DD HH:MM'
    (seconds and milliseconds 0) or 'MM-DD HH:MM:SS.fff'."""
    return f"2026-{day_and_time}" + (":00.000" if len(day_and_time) == len("03-02 09:00") else "")


def code(state, kind, campaign="", inviter="", target=0, region="", store="", version=1, is_deleted=0):
    return {"corp_id": CORP, "state": state, "name": f"poster {state}", "kind": kind, "campaign": campaign,
            "region": region, "store": store, "inviter": inviter, "target": target, "version": version,
            "is_deleted": is_deleted}


def journey(customer, state, added, lost=None, joined=None, talked=None, checked_in=None, version=1, corp=CORP):
    """A customer_journey row; times as 'MM-DD HH:MM' in 2026, None for NULL."""
    return {"corp_id": corp, "external_userid": customer, "state": state, "userid": "zhangwei",
            "added_at": at(added), "cohort_date": f"2026-{added[:5]}",
            "first_group_join_at": joined and at(joined), "first_msg_at": talked and at(talked),
            "first_checkin_at": checked_in and at(checked_in), "lost_at": lost and at(lost), "removed_at": None,
            "version": version}


def cohort(state, day, customers, joined, engaged, checked_in, lost, version=1, is_deleted=0):
    return {"corp_id": CORP, "state": state, "cohort_date": f"2026-{day}", "new_customers": customers,
            "joined_group": joined, "engaged": engaged, "checked_in": checked_in, "lost": lost,
            "version": version, "is_deleted": is_deleted}


def member(chat, member_id, joined, is_member=1, left=None, member_type="customer", version=1, corp=CORP):
    return {"corp_id": corp, "chat_id": chat, "member_id": member_id, "member_type": member_type,
            "joined_at": joined and at(joined), "left_at": left and at(left), "join_cnt": 1,
            "is_member": is_member, "version": version}


def newest_business_day(probe, day):
    """Makes `day` the newest business date in the data (a group's activity that day)."""
    probe.insert("group_daily_stats", [{"corp_id": CORP, "chat_id": "wrActive", "stat_date": f"2026-{day}",
                                        "msg_total": 1, "version": 1}])


# Campaign "spring": Anna came in through the campaign's own poster (no inviter) and has two codes
# (targets 3 and 2); Bo came through Anna's code, Cai through Bo's (second and third generation);
# Dan came through a store and has a code that brought nobody; Eve came through Anna's code of
# campaign "autumn", so in spring nobody referred her. Fay's code was deleted from the catalogue.
FISSION_CATALOGUE = [
    code("fs-spring", "fission", "spring"),
    code("fs-anna", "fission", "spring", "wmAnna", 3),
    code("fs-anna-2", "fission", "spring", "wmAnna", 2),
    code("fs-bo", "fission", "spring", "wmBo", 5, version=1),
    code("fs-bo", "fission", "spring", "wmBo", 2, version=2),
    code("fs-cai", "fission", "spring", "wmCai", 0),
    code("fs-dan", "fission", "spring", "wmDan", 1),
    code("fs-eve", "fission", "spring", "wmEve", 1),
    code("fs-fay", "fission", "spring", "wmFay", 1, version=1),
    code("fs-fay", "fission", "spring", "wmFay", 1, version=2, is_deleted=1),
    code("fa-anna", "fission", "autumn", "wmAnna", 1),
    code("st-pudong", "store", region="east", store="Pudong"),
]
FISSION_JOURNEYS = [
    journey("wmAnna", "fs-spring", "03-01 10:00"),
    # Anna's invites, not in added_at order: the 3rd valid one by added_at reaches her target of 3.
    journey("wmA5", "fs-anna", "03-06 09:00"),
    journey("wmBo", "fs-anna", "03-02 09:00"),
    journey("wmA2", "fs-anna", "03-02 10:00", version=1),
    journey("wmA2", "fs-anna", "03-02 10:00", lost="03-05 10:00", version=2),  # lost within the hold
    journey("wmA3", "fs-anna-2", "03-03 08:00", lost="03-10 08:00"),  # lost at exactly 7 days: valid
    journey("wmA4", "fs-anna", "03-04 12:00", lost="03-20 12:00"),  # lost after the hold: valid
    # Bo's invites: one lost after 11 hours, so 1 valid of a target of 2.
    journey("wmB1", "fs-bo", "03-05 09:00", lost="03-05 20:00"),
    journey("wmCai", "fs-bo", "03-06 09:00"),
    journey("wmC1", "fs-cai", "03-07 09:00"),
    journey("wmDan", "st-pudong", "03-01 11:00"),
    journey("wmEve", "fa-anna", "03-07 15:00"),
    journey("wmE1", "fs-eve", "03-08 10:00"),
    journey("wmF1", "fs-fay", "03-08 11:00"),
    # Another corp's customer with the same state is not Anna's.
    journey("wmX", "fs-anna", "03-02 09:30", corp="wwother"),
]


def test_fission_referrals_count_valid_invites_targets_and_referrers(probe):
    probe.insert("channels", FISSION_CATALOGUE)
    probe.insert("customer_journey", FISSION_JOURNEYS)

    result = probe.select("SELECT * FROM wecom.fission_referrals ORDER BY corp_id, campaign, inviter")

    columns = ["campaign", "inviter", "invited", "lost_within_hold", "valid_invites", "target", "target_reached_at",
               "referred_by"]
    assert [[r[c] for c in columns] for r in result] == [
        # Eve is Anna's only autumn invite; Anna's own state is a spring code, so nobody referred her here.
        ["autumn", "wmAnna", 1, 0, 1, 1, at("03-07 15:00"), ""],
        # Valid: Bo (03-02 09:00), A3 (03-03 08:00), A4 (03-04 12:00), A5; the 3rd is A4. The larger
        # target of her two codes counts; the campaign's own poster made her referred_by "".
        ["spring", "wmAnna", 5, 1, 4, 3, at("03-04 12:00"), ""],
        ["spring", "wmBo", 2, 1, 1, 2, None, "wmAnna"],
        # Cai brought one friend but has no target: nothing to reach.
        ["spring", "wmCai", 1, 0, 1, 0, None, "wmBo"],
        ["spring", "wmDan", 0, 0, 0, 1, None, ""],
        ["spring", "wmEve", 1, 0, 1, 1, at("03-08 10:00"), ""],
    ]
    assert all(r["corp_id"] == CORP for r in result)


def test_a_target_is_reached_on_the_exact_invite_not_before(probe):
    probe.insert("channels", [code("fs-gu", "fission", "spring", "wmGu", 2)])
    probe.insert("customer_journey", [journey("wmGu1", "fs-gu", "03-02 09:00")])
    reached = "SELECT valid_invites, target_reached_at FROM wecom.fission_referrals"
    assert probe.select(reached) == [{"valid_invites": 1, "target_reached_at": None}]

    probe.insert("customer_journey", [journey("wmGu2", "fs-gu", "03-02 09:00", lost="03-03 09:00"),
                                      journey("wmGu3", "fs-gu", "03-04 18:30")])
    assert probe.select(reached) == [{"valid_invites": 2, "target_reached_at": at("03-04 18:30")}]


def test_fission_leaderboard_ranks_participants_and_counts_every_one_for_the_k_factor(probe):
    probe.insert("channels", FISSION_CATALOGUE + [
        code(f"fw-{n:02}", "fission", "winter", f"wmW{n:02}") for n in range(1, 13)])
    probe.insert("customer_journey", FISSION_JOURNEYS + [
        journey("wmWa", "fw-01", "03-10 09:00"), journey("wmWb", "fw-01", "03-10 10:00"),
        journey("wmWc", "fw-02", "03-11 09:00")])

    result = probe.run_query("fission_leaderboard")

    columns = ["campaign", "rank_in_campaign", "inviter", "valid_invites", "target_reached", "referred_by",
               "participants", "participants_reached_target", "campaign_valid_invites", "k_factor"]
    assert [[r[c] for c in columns] for r in result] == [
        ["autumn", 1, "wmAnna", 1, 1, "", 1, 1, 1, 1.0],
        # 5 participants (Fay's code is gone), 4 + 1 + 1 + 1 + 0 = 7 valid invites: K = 1.4. Equal
        # valid invites share a rank; who reached the target comes first.
        ["spring", 1, "wmAnna", 4, 1, "", 5, 2, 7, 1.4],
        ["spring", 2, "wmEve", 1, 1, "", 5, 2, 7, 1.4],
        ["spring", 2, "wmBo", 1, 0, "wmAnna", 5, 2, 7, 1.4],
        ["spring", 2, "wmCai", 1, 0, "wmBo", 5, 2, 7, 1.4],
        ["spring", 5, "wmDan", 0, 0, "", 5, 2, 7, 1.4],
        # Twelve participants, ten shown; K = 3 / 12 counts the two left out too.
        ["winter", 1, "wmW01", 2, 0, "", 12, 0, 3, 0.25],
        ["winter", 2, "wmW02", 1, 0, "", 12, 0, 3, 0.25],
    ] + [["winter", 3, f"wmW{n:02}", 0, 0, "", 12, 0, 3, 0.25] for n in range(3, 11)]
    assert [r["target_reached_at"] for r in result[:3]] == [at("03-07 15:00"), at("03-04 12:00"), at("03-08 10:00")]


def test_funnel_by_region_rolls_stores_up_and_shows_codes_missing_from_the_catalogue_by_state(probe):
    newest_business_day(probe, "03-20")
    probe.insert("channels", [
        code("s-pd1", "store", region="east", store="Pudong"),
        code("s-pd2", "store", region="east", store="Pudong"),
        code("s-xh", "store", region="east", store="Xuhui"),
        code("s-tj", "store", region="north", store="Tianjin"),
        code("ch-ad", "channel"),
        code("s-gone", "store", region="west", store="Gone", version=1),
        code("s-gone", "store", region="west", store="Gone", version=2, is_deleted=1),
    ])
    # With the newest day 03-20 and W = 7, a cohort's windows have all ended when it is 03-12 or earlier.
    probe.insert("channel_conversion_daily", [
        cohort("s-pd1", "03-02", 10, 5, 4, 2, 2),
        cohort("s-pd2", "03-03", 6, 3, 2, 0, 2),
        cohort("s-pd1", "03-15", 4, 1, 0, 0, 0),
        cohort("s-xh", "03-12", 5, 1, 2, 1, 0),
        cohort("s-xh", "03-13", 3, 0, 0, 0, 0),
        cohort("s-xh", "03-10", 9, 9, 9, 9, 9, version=5, is_deleted=1),
        cohort("s-tj", "03-05", 20, 0, 0, 0, 0, version=1),
        cohort("s-tj", "03-05", 8, 8, 2, 2, 4, version=2),
        cohort("ch-ad", "03-04", 7, 2, 2, 0, 1),
        cohort("s-gone", "03-04", 2, 1, 1, 0, 0),
        cohort("poster-x", "03-04", 3, 0, 1, 0, 1),
        cohort("poster-x", "03-16", 2, 0, 0, 0, 0),
        cohort("", "03-06", 1, 0, 0, 0, 0),
    ])

    result = probe.run_query("funnel_by_region")

    columns = ["region", "store", "region_total", "in_catalogue", "customers", "joined_within_window",
               "talked_within_window", "checked_in_within_window", "lost_within_window",
               "joined_within_window_pct", "talked_within_window_pct", "checked_in_within_window_pct",
               "lost_within_window_pct", "customers_window_open"]
    assert [[r[c] for c in columns] for r in result] == [
        # 9/21, 8/21, 3/21, 4/21 of the ended windows; 4 + 3 customers still in theirs.
        ["east", "", 1, 1, 21, 9, 8, 3, 4, 42.9, 38.1, 14.3, 19.0, 7],
        ["east", "Pudong", 0, 1, 16, 8, 6, 2, 4, 50.0, 37.5, 12.5, 25.0, 4],
        ["east", "Xuhui", 0, 1, 5, 1, 2, 1, 0, 20.0, 40.0, 20.0, 0.0, 3],
        ["north", "", 1, 1, 8, 8, 2, 2, 4, 100.0, 25.0, 25.0, 50.0, 0],
        ["north", "Tianjin", 0, 1, 8, 8, 2, 2, 4, 100.0, 25.0, 25.0, 50.0, 0],
        ["", "", 1, 1, 7, 2, 2, 0, 1, 28.6, 28.6, 0.0, 14.3, 0],
        ["", "", 0, 1, 7, 2, 2, 0, 1, 28.6, 28.6, 0.0, 14.3, 0],
        # Not in the catalogue (s-gone was deleted from it): 2 + 3 + 1 customers, under their State.
        ["", "", 1, 0, 6, 1, 2, 0, 1, 16.7, 33.3, 0.0, 16.7, 2],
        ["", "poster-x", 0, 0, 3, 0, 1, 0, 1, 0.0, 33.3, 0.0, 33.3, 2],
        ["", "s-gone", 0, 0, 2, 1, 1, 0, 0, 50.0, 50.0, 0.0, 0.0, 0],
        ["", "", 0, 0, 1, 0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0, 0],
    ]


def test_retention_by_channel_counts_each_day_only_for_customers_who_reached_it(probe):
    newest_business_day(probe, "03-20")
    probe.insert("customer_journey", [
        # Week of 02-09: day 30 has passed for all of them (02-15 + 30 = 03-17 < 03-20).
        journey("wmC1", "ad", "02-10 10:00"),
        journey("wmC2", "ad", "02-10 11:00", version=1),
        journey("wmC2", "ad", "02-10 11:00", lost="02-10 12:00", version=2),
        journey("wmC3", "ad", "02-11 09:00", lost="02-12 09:00"),  # lost at exactly 1 day: kept day 1
        journey("wmC4", "ad", "02-12 09:00", lost="03-10 09:00"),  # 26 days
        journey("wmC5", "ad", "02-15 23:30", lost="03-18 00:10"),  # a Sunday; 30 days and 40 minutes
        # Week of 03-02: day 7 has passed (03-08 + 7 = 03-15), day 30 has not.
        journey("wmC9", "poster", "03-02 10:00", lost="03-08 10:00"),
        journey("wmC10", "poster", "03-08 22:00"),
        # Week of 03-16: day 1 has passed for the adds of 03-16 and 03-18, not for 03-19's.
        journey("wmC6", "ad", "03-16 10:00"),
        journey("wmC7", "ad", "03-19 10:00"),
        journey("wmC8", "ad", "03-18 08:00", lost="03-18 09:00"),
    ])

    result = probe.run_query("retention_by_channel")

    columns = ["state", "week", "customers", "followed_1d", "retained_1d", "retained_1d_pct", "followed_7d",
               "retained_7d", "retained_7d_pct", "followed_30d", "retained_30d", "retained_30d_pct"]
    assert [[r[c] for c in columns] for r in result] == [
        ["ad", "2026-02-09", 5, 5, 4, 80.0, 5, 3, 60.0, 5, 2, 40.0],
        ["poster", "2026-03-02", 2, 2, 2, 100.0, 2, 1, 50.0, 0, 0, None],
        ["ad", "2026-03-16", 3, 2, 1, 50.0, 0, 0, None, 0, 0, None],
    ]


def test_duplicate_members_are_customers_in_two_or_more_groups_now(probe):
    probe.insert("group_members", [
        member("wrA", "wmAnna", "03-01 10:00"),
        member("wrB", "wmAnna", "03-02 09:00"),
        member("wrC", "wmAnna", "02-28 08:00"),
        member("wrA", "wmBo", "03-03 10:00"),
        member("wrB", "wmBo", "03-01 10:00", version=1),
        member("wrB", "wmBo", "03-01 10:00", is_member=0, left="03-04 10:00", version=2),
        member("wrD", "wmBo", "03-05 10:00"),
        member("wrA", "zhangwei", "03-01 09:00", member_type="employee"),
        member("wrB", "zhangwei", "03-01 09:00", member_type="employee"),
        member("wrA", "wmCai", "03-01 12:00"),
        member("wrX", "wmDan", "03-01 12:00", corp="wwother"),
        member("wrY", "wmDan", "03-01 12:00"),
        member("wrB", "wmEve", "03-02 10:00"),
        member("wrA", "wmEve", "03-02 10:00"),
    ])

    result = probe.run_query("duplicate_members")

    assert [[r["member_id"], r["groups"], r["chat_ids"], r["join_times"]] for r in result] == [
        ["wmAnna", 3, ["wrC", "wrA", "wrB"], [at("02-28 08:00"), at("03-01 10:00"), at("03-02 09:00")]],
        # Bo left wrB: two groups now, not three.
        ["wmBo", 2, ["wrA", "wrD"], [at("03-03 10:00"), at("03-05 10:00")]],
        ["wmEve", 2, ["wrA", "wrB"], [at("03-02 10:00"), at("03-02 10:00")]],
    ]


CUSTOM_WINDOW_JOURNEYS = [
    # Checked in 1 ms before added_at + 7 days, lost exactly at it.
    journey("wmJ1", "ad", "03-02 10:00", joined="03-02 11:00", talked="03-05 10:00",
            checked_in="03-09 09:59:59.999", lost="03-09 10:00"),
    journey("wmJ2", "ad", "03-02 20:00", talked="03-02 20:00", lost="03-20 08:00", version=2),
    # J2 as written before a late, earlier add moved added_at.
    journey("wmJ2", "ad", "03-03 08:00", version=1),
    journey("wmJ3", "ad", "03-03 09:00", joined="04-10 09:00"),
    journey("wmJ4", "poster", "03-02 12:00"),
]


@pytest.mark.parametrize("window_days, expected", [
    (7, [["ad", "2026-03-02", 1, 2, 1, 2, 1, 0], ["poster", "2026-03-02", 1, 1, 0, 0, 0, 0],
         ["ad", "2026-03-03", 1, 1, 0, 0, 0, 0]]),
    # J1's message came 3 days after the add.
    (1, [["ad", "2026-03-02", 1, 2, 1, 1, 0, 0], ["poster", "2026-03-02", 1, 1, 0, 0, 0, 0],
         ["ad", "2026-03-03", 1, 1, 0, 0, 0, 0]]),
    # Both lost within 30 days; 03-02 + 30 is after the newest day 03-20, so the windows are open.
    (30, [["ad", "2026-03-02", 0, 2, 1, 2, 1, 2], ["poster", "2026-03-02", 0, 1, 0, 0, 0, 0],
          ["ad", "2026-03-03", 0, 1, 0, 0, 0, 0]]),
])
def test_customer_funnel_for_a_custom_window(probe, window_days, expected):
    newest_business_day(probe, "03-20")
    probe.insert("customer_journey", CUSTOM_WINDOW_JOURNEYS)

    result = probe.run_query("customer_funnel_custom_window",
                             replace=[("7 AS window_days", f"{window_days} AS window_days")])

    columns = ["state", "cohort_date", "window_complete", "new_customers", "joined_group", "engaged", "checked_in",
               "lost"]
    assert [[r[c] for c in columns] for r in result] == expected


def test_customer_funnel_with_the_jobs_window_is_channel_conversion_daily(warehouse, replay_output, rows):
    if not (replay_output / "customer_journey.jsonl").is_file():
        pytest.skip("the replay wrote no customer_journey.jsonl (the customer journey job is not in it yet)")
    stages = ["new_customers", "joined_group", "engaged", "checked_in", "lost"]
    expected = {(r["corp_id"], r["state"], r["cohort_date"]): [r[s] for s in stages]
                for r in rows["channel_conversion_daily"]}

    result = run_query(warehouse, "customer_funnel_custom_window")

    assert {(r["corp_id"], r["state"], r["cohort_date"]): [r[s] for s in stages] for r in result} == expected
    assert sum(r["lost"] for r in result) > 0 and sum(r["checked_in"] for r in result) > 0


def test_query_loads_the_growth_tables_of_a_replay_output(tmp_path):
    """./run query (scripts/chdb_results.py) loads customer_journey, group_members and channels."""
    import subprocess
    import sys

    from chdb_results import REPOSITORY

    def write(table, rows):
        (tmp_path / f"{table}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")

    write("channels", [code("fs-anna", "fission", "spring", "wmAnna", 1)])
    write("customer_journey", [journey("wmAnna", "ad", "03-01 10:00"), journey("wmBo", "fs-anna", "03-02 09:00")])
    write("group_members", [member("wrA", "wmBo", "03-03 10:00"), member("wrB", "wmBo", "03-04 10:00")])

    def query(name):
        completed = subprocess.run([sys.executable, str(REPOSITORY / "scripts" / "chdb_results.py"),
                                    str(REPOSITORY / "sql" / "queries" / f"{name}.sql"), "--results", str(tmp_path),
                                    "--format", "JSONEachRow"], capture_output=True, text=True, timeout=120)
        assert completed.returncode == 0, completed.stderr
        return [json.loads(line) for line in completed.stdout.splitlines()]

    assert [(r["inviter"], r["valid_invites"], r["target_reached_at"]) for r in query("fission_leaderboard")] == [
        ("wmAnna", 1, at("03-02 09:00"))]
    assert [(r["member_id"], r["chat_ids"]) for r in query("duplicate_members")] == [("wmBo", ["wrA", "wrB"])]
