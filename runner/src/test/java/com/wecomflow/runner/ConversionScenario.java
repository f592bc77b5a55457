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
 * the first), an add without State, and a customer never added.
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

        add("add_half_external_contact", "zhaoliu", "wmC", "store", millis(D, "11:00:00"));
        add("add_external_contact", "zhaoliu", "wmC", "xhs", millis(D, "11:30:00"));
        join("wmC", T + 3 * DAY);

        add("add_external_contact", "lisi", "wmD", "xhs", millis(D.plusDays(1), "09:00:00"));
        message("wmD", millis(D.minusDays(1), "21:00:00"));

        add("add_external_contact", "lisi", "wmF", null, millis(D, "12:00:00"));

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
