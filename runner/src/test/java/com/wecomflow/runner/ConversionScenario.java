package com.wecomflow.runner;

import static com.wecomflow.runner.GroupStatsScenario.millis;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Channel attribution with every edge: three customers added in the same second, a group join one
 * second before the window closes and a message exactly at its close, a join before the add, a
 * re-add to a second employee, a deletion of a different employee, a half add then a full add
 * through another channel, a late earlier add that moves a customer to another cohort (emptying
 * the first), an add without State, and a customer never added; and for their journeys, removals
 * by the attributed and by another employee, and a first message weeks after the window.
 */
final class ConversionScenario {

    static final LocalDate D = LocalDate.of(2026, 11, 2);
    static final String CORP = "wwcorp0004";
    private static final long T = millis(D, "10:00:00");
    private static final long SECOND = 1000;
    private static final long HOUR = 3600 * SECOND;
    private static final long DAY = 24 * HOUR;

    final List<String> callbacks = new ArrayList<>();
    final List<String> messages = new ArrayList<>();
    private int msgIds;

    ConversionScenario() {
        add("add_external_contact", "lisi", "wmA", "douyin", T);
        add("add_external_contact", "lisi", "wmB", "douyin", T);
        add("add_external_contact", "lisi", "wmG", "douyin", T);
        join("wmA", T + 7 * DAY - SECOND);
        checkin("wmA", T + DAY);
        contact("del_follow_user", "lisi", "wmA", T + 3 * DAY);
        message("wmG", T + 7 * DAY);
        message("wmG", T - SECOND);

        join("wmB", T - HOUR);
        add("add_external_contact", "wangwu", "wmB", "xhs", T + DAY);
        contact("del_follow_user", "wangwu", "wmB", T + 2 * DAY);
        message("wmB", T + 2 * HOUR);
        contact("del_external_contact", "wangwu", "wmB", T + 5 * DAY);
        contact("del_external_contact", "lisi", "wmB", T + 20 * DAY);

        add("add_half_external_contact", "zhaoliu", "wmC", "store", millis(D, "11:00:00"));
        add("add_external_contact", "zhaoliu", "wmC", "xhs", millis(D, "11:30:00"));
        join("wmC", T + 3 * DAY);

        add("add_external_contact", "lisi", "wmD", "xhs", millis(D.plusDays(1), "09:00:00"));
        message("wmD", millis(D.minusDays(1), "21:00:00"));

        add("add_external_contact", "lisi", "wmF", null, millis(D, "12:00:00"));
        message("wmF", T + 30 * DAY);

        join("wmE", T);
        message("wmE", T + HOUR);

        // Arrives last, days after the add it precedes.
        add("add_external_contact", "lisi", "wmD", "douyin", millis(D.minusDays(1), "20:00:00"));
    }

    /** The final channel_conversion_daily rows, without version, sorted by key. */
    static List<String> expectedRows() {
        return List.of(
                row("", D, 1, 0, 0, 0, 0),
                row("douyin", D.minusDays(1), 1, 0, 1, 0, 0),
                row("douyin", D, 3, 1, 2, 1, 1),
                row("store", D, 1, 1, 0, 0, 0));
    }

    /** The final customer_journey rows, without version, sorted by key; wmE was never added. */
    static List<String> expectedJourneys() {
        return List.of(
                journey("wmA", "douyin", "lisi", "2026-11-02 10:00:00.000", D, "2026-11-09 09:59:59.000",
                        "2026-11-03 10:00:00.000", "2026-11-03 10:00:00.000", "2026-11-05 10:00:00.000", null),
                journey("wmB", "douyin", "lisi", "2026-11-02 10:00:00.000", D, null, "2026-11-02 12:00:00.000", null,
                        null, "2026-11-22 10:00:00.000"),
                journey("wmC", "store", "zhaoliu", "2026-11-02 11:00:00.000", D, "2026-11-05 10:00:00.000", null,
                        null, null, null),
                journey("wmD", "douyin", "lisi", "2026-11-01 20:00:00.000", D.minusDays(1), null,
                        "2026-11-01 21:00:00.000", null, null, null),
                journey("wmF", "", "lisi", "2026-11-02 12:00:00.000", D, null, "2026-12-02 10:00:00.000", null, null,
                        null),
                journey("wmG", "douyin", "lisi", "2026-11-02 10:00:00.000", D, null, "2026-11-09 10:00:00.000", null,
                        null, null));
    }

    private static String journey(String customer, String state, String userid, String addedAt, LocalDate cohortDate,
            String firstGroupJoinAt, String firstMsgAt, String firstCheckinAt, String lostAt, String removedAt) {
        return "{\"corp_id\":\"" + CORP + "\",\"external_userid\":\"" + customer + "\",\"state\":\"" + state
                + "\",\"userid\":\"" + userid + "\",\"added_at\":\"" + addedAt + "\",\"cohort_date\":\"" + cohortDate
                + "\",\"first_group_join_at\":" + quoted(firstGroupJoinAt) + ",\"first_msg_at\":" + quoted(firstMsgAt)
                + ",\"first_checkin_at\":" + quoted(firstCheckinAt) + ",\"lost_at\":" + quoted(lostAt)
                + ",\"removed_at\":" + quoted(removedAt) + "}";
    }

    private static String quoted(String text) {
        return text == null ? "null" : "\"" + text + "\"";
    }

    private static String row(String state, LocalDate day, int customers, int joined, int engaged, int checkedIn, int lost) {
        return "{\"corp_id\":\"" + CORP + "\",\"state\":\"" + state + "\",\"cohort_date\":\"" + day
                + "\",\"new_customers\":" + customers + ",\"joined_group\":" + joined + ",\"engaged\":" + engaged
                + ",\"checked_in\":" + checkedIn + ",\"lost\":" + lost + ",\"is_deleted\":0}";
    }

    private void add(String changeType, String employee, String customer, String state, long at) {
        callbacks.add(event(changeType, employee, customer, at, state == null ? "" : ",\"State\":\"" + state + "\""));
    }

    private void contact(String changeType, String employee, String customer, long at) {
        callbacks.add(event(changeType, employee, customer, at, ""));
    }

    private static String event(String changeType, String employee, String customer, long at, String extra) {
        return "{\"ToUserName\":\"" + CORP + "\",\"FromUserName\":\"sys\",\"CreateTime\":" + at / 1000
                + ",\"MsgType\":\"event\",\"Event\":\"change_external_contact\",\"ChangeType\":\"" + changeType
                + "\",\"UserID\":\"" + employee + "\",\"ExternalUserID\":\"" + customer + "\"" + extra + "}";
    }

    private void join(String customer, long at) {
        callbacks.add("{\"ToUserName\":\"" + CORP + "\",\"FromUserName\":\"sys\",\"CreateTime\":" + at / 1000
                + ",\"MsgType\":\"event\",\"Event\":\"change_external_chat\",\"ChatId\":\"wrFunnel\","
                + "\"ChangeType\":\"update\",\"UpdateDetail\":\"add_member\",\"JoinScene\":3,\"MemChangeCnt\":1,"
                + "\"MemChangeList\":[\"" + customer + "\"]}");
    }

    private void message(String customer, long at) {
        text(customer, "[\"lisi\"]", "", "请问还有货吗", at);
    }

    private void checkin(String customer, long at) {
        text(customer, "[]", "wrFunnel", "签到", at);
    }

    private void text(String from, String toList, String room, String content, long at) {
        msgIds++;
        messages.add("{\"msgid\":\"f" + msgIds + "\",\"action\":\"send\",\"from\":\"" + from + "\",\"tolist\":" + toList
                + ",\"roomid\":\"" + room + "\",\"msgtime\":" + at + ",\"msgtype\":\"text\",\"text\":{\"content\":\""
                + content + "\"},\"corpid\":\"" + CORP + "\"}");
    }
}
