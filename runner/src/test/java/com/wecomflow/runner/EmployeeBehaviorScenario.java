package com.wecomflow.runner;

import static com.wecomflow.runner.GroupStatsScenario.millis;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * WeCom's employee behaviour metrics on a day that has every case: a customer-initiated chat
 * replied after 6 minutes, one not replied until the next morning, an employee-initiated chat the
 * customer answers, a message to two customers at once, a half add then a full add of one
 * customer, a deletion, first messages at the same millisecond, a day on which only a customer
 * wrote, and messages that must not count (group messages, a recall, an agree record, a switch
 * record, a chat between two employees).
 */
final class EmployeeBehaviorScenario {

    static final LocalDate DAY = LocalDate.of(2026, 11, 12);
    static final LocalDate NEXT_DAY = DAY.plusDays(1);
    static final String CORP = "wwcorp0002";

    final List<String> callbacks = new ArrayList<>();
    final List<String> messages = new ArrayList<>();
    private int msgIds;

    EmployeeBehaviorScenario() {
        callbacks.add(contactEvent("add_half_external_contact", "lisi", "wmC7", seconds(DAY, "08:50:00")));
        callbacks.add(contactEvent("add_external_contact", "lisi", "wmC7", seconds(DAY, "09:00:00")));
        callbacks.add(contactEvent("del_follow_user", "lisi", "wmC8", seconds(DAY, "16:00:00")));

        oneToOne("wmC1", "lisi", DAY, "10:00:00");
        oneToOne("lisi", "wmC1", DAY, "10:06:00");
        oneToOne("wmC2", "lisi", DAY, "20:00:00");
        oneToOne("lisi", "wmC2", NEXT_DAY, "09:00:00");
        oneToOne("lisi", "wmC3", DAY, "11:00:00");
        oneToOne("wmC3", "lisi", DAY, "11:05:00");
        message("lisi", "[\"wmC1\",\"wmC3\"]", "", "send", "text", millis(DAY, "15:00:00"));

        message("wmC4", "[]", "wrGroupX", "send", "text", millis(DAY, "09:30:00"));
        message("lisi", "[]", "wrGroupX", "send", "text", millis(DAY, "09:31:00"));
        message("wmC5", "[\"lisi\"]", "", "recall", "revoke", millis(DAY, "12:00:00"));
        message("wmC6", "[\"lisi\"]", "", "send", "agree", millis(DAY, "12:30:00"));
        messages.add("{\"msgid\":\"sw1\",\"action\":\"switch\",\"time\":" + millis(DAY, "08:00:00")
                + ",\"user\":\"lisi\",\"corpid\":\"" + CORP + "\"}");
        message("lisi", "[\"zhangwei\"]", "", "send", "text", millis(DAY, "13:00:00"));

        oneToOne("wmC9", "wangwu", DAY, "10:00:00");
        oneToOne("wangwu", "wmC9", DAY, "10:00:00");

        oneToOne("wmC10", "zhaoliu", DAY, "17:00:00");
    }

    /** The final employee_daily_behavior rows, without version, sorted by key. */
    static List<String> expectedEmployeeDailyBehavior() {
        return List.of(
                row("lisi", DAY, 1, 1, 2, 3, "50.0", "6.0", 2, 1),
                row("lisi", NEXT_DAY, 0, 0, 1, 1, "null", "null", 0, 0),
                row("wangwu", DAY, 0, 0, 1, 1, "null", "null", 0, 0),
                row("zhaoliu", DAY, 0, 0, 0, 0, "0.0", "null", 1, 0));
    }

    private static String row(String userid, LocalDate day, int added, int deleted, int chats, int messages,
            String replyPercentage, String avgReplyTime, int initiated, int replied) {
        return "{\"corp_id\":\"" + CORP + "\",\"userid\":\"" + userid + "\",\"stat_date\":\"" + day
                + "\",\"new_contact_cnt\":" + added + ",\"negative_feedback_cnt\":" + deleted + ",\"chat_cnt\":" + chats
                + ",\"message_cnt\":" + messages + ",\"reply_percentage\":" + replyPercentage
                + ",\"avg_reply_time\":" + avgReplyTime + ",\"initiated_chat_cnt\":" + initiated
                + ",\"replied_chat_cnt\":" + replied + "}";
    }

    private void oneToOne(String from, String to, LocalDate day, String time) {
        message(from, "[\"" + to + "\"]", "", "send", "text", millis(day, time));
    }

    private void message(String from, String toList, String room, String action, String type, long msgTime) {
        msgIds++;
        String payload = type.equals("text") ? ",\"text\":{\"content\":\"在吗\"}" : "";
        messages.add("{\"msgid\":\"e" + msgIds + "\",\"action\":\"" + action + "\",\"from\":\"" + from
                + "\",\"tolist\":" + toList + ",\"roomid\":\"" + room + "\",\"msgtime\":" + msgTime
                + ",\"msgtype\":\"" + type + "\"" + payload + ",\"corpid\":\"" + CORP + "\",\"seq\":" + msgIds + "}");
    }

    private static String contactEvent(String changeType, String employee, String customer, long createTime) {
        return "{\"ToUserName\":\"" + CORP + "\",\"FromUserName\":\"sys\",\"CreateTime\":" + createTime
                + ",\"MsgType\":\"event\",\"Event\":\"change_external_contact\",\"ChangeType\":\"" + changeType
                + "\",\"UserID\":\"" + employee + "\",\"ExternalUserID\":\"" + customer + "\"}";
    }

    private static long seconds(LocalDate date, String time) {
        return millis(date, time) / 1000;
    }
}
