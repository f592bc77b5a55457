package com.wecomflow.runner;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A small tenant with every case group_daily_stats must get right, as WeCom-native JSON lines:
 * a retried callback, two different callbacks in the same second, a re-pulled archive message,
 * recalls (one of them not even of type revoke), agree and switch records, a message from the
 * year 3000, a
 * non-text message, both MemChangeList forms, one-to-one messages, check-ins and near misses,
 * messages at 23:59:59.500 and 00:00:00.500 Asia/Shanghai, and malformed lines.
 */
final class GroupStatsScenario {

    static final LocalDate DAY_1 = LocalDate.of(2026, 11, 9);
    static final LocalDate DAY_2 = DAY_1.plusDays(1);
    static final String CORP = "wwcorp0001";

    final List<String> callbacks = new ArrayList<>();
    final List<String> messages = new ArrayList<>();

    GroupStatsScenario() {
        String joinAliceBob = memberChange("wrGroupA", "add_member", "[\"wmAlice\",\"woBob\"]", seconds(DAY_1, "10:00:00"));
        callbacks.add(joinAliceBob);
        callbacks.add(joinAliceBob);
        // A different event in the same second (a batch of invitations): never a duplicate.
        callbacks.add(memberChange("wrGroupA", "add_member", "[\"wmEve\"]", seconds(DAY_1, "10:00:00")));
        callbacks.add(memberChange("wrGroupA", "add_member", "\"wmCarol, zhangwei\"", seconds(DAY_1, "11:00:00")));
        callbacks.add(memberChange("wrGroupA", "add_member", "[\"wmAlice\"]", seconds(DAY_1, "12:00:00")));
        callbacks.add(memberChange("wrGroupA", "del_member", "[\"woBob\"]", seconds(DAY_1, "18:00:00")));
        callbacks.add("{\"ToUserName\":\"" + CORP + "\",\"FromUserName\":\"sys\",\"CreateTime\":" + seconds(DAY_1, "09:00:00")
                + ",\"MsgType\":\"event\",\"Event\":\"change_external_chat\",\"ChatId\":\"wrGroupB\",\"ChangeType\":\"create\"}");
        callbacks.add("{\"ToUserName\":\"" + CORP + "\",\"FromUserName\":\"sys\",\"CreateTime\":\"" + seconds(DAY_1, "09:30:00")
                + "\",\"MsgType\":\"event\",\"Event\":\"change_external_contact\",\"ChangeType\":\"add_external_contact\","
                + "\"UserID\":\"zhangwei\",\"ExternalUserID\":\"wmDave\",\"State\":\"douyin\",\"WelcomeCode\":\"WC1\"}");
        callbacks.add("{\"ToUserName\":\"" + CORP + "\",\"FromUserName\":\"sys\",\"CreateTime\":" + seconds(DAY_1, "09:40:00")
                + ",\"MsgType\":\"event\",\"Event\":\"change_external_tag\",\"Id\":\"et1\",\"TagType\":\"tag\",\"ChangeType\":\"create\"}");
        callbacks.add("{\"ToUserName\":\"" + CORP + "\",\"CreateTime\":");

        String aliceCheckin = text("m1", "wmAlice", "wrGroupA", "签到！", millis(DAY_1, "09:00:00"));
        messages.add(aliceCheckin);
        messages.add(aliceCheckin);
        messages.add(text("m2", "woBob", "wrGroupA", "今天签到了", millis(DAY_1, "10:30:00")));
        messages.add("{\"msgid\":\"m3\",\"action\":\"send\",\"from\":\"zhangwei\",\"tolist\":[],\"roomid\":\"wrGroupA\","
                + "\"msgtime\":" + millis(DAY_1, "11:00:00") + ",\"msgtype\":\"image\",\"image\":{\"md5sum\":\"ab\",\"filesize\":1},"
                + "\"corpid\":\"" + CORP + "\",\"seq\":3}");
        messages.add("{\"msgid\":\"m4\",\"action\":\"recall\",\"from\":\"woBob\",\"tolist\":[],\"roomid\":\"wrGroupA\","
                + "\"msgtime\":" + millis(DAY_1, "10:31:00") + ",\"msgtype\":\"revoke\",\"revoke\":{\"pre_msgid\":\"m2\"},"
                + "\"corpid\":\"" + CORP + "\",\"seq\":4}");
        messages.add(text("m5", "wmCarol", "wrGroupA", "#打卡#", millis(DAY_1, "23:59:59.500")));
        messages.add(text("m6", "wmCarol", "wrGroupA", "签到", millis(DAY_2, "00:00:00.500")));
        messages.add("{\"msgid\":\"m7\",\"action\":\"send\",\"from\":\"wmAlice\",\"tolist\":[\"zhangwei\"],\"roomid\":\"wrGroupA\","
                + "\"msgtime\":" + millis(DAY_1, "13:00:00") + ",\"msgtype\":\"agree\",\"agree\":{\"userid\":\"wmAlice\",\"agree_time\":1},"
                + "\"corpid\":\"" + CORP + "\",\"seq\":7}");
        messages.add("{\"msgid\":\"m8\",\"action\":\"switch\",\"time\":" + millis(DAY_1, "08:00:00")
                + ",\"user\":\"zhangwei\",\"corpid\":\"" + CORP + "\",\"seq\":8}");
        messages.add(text("m9", "wmDave", "", "签到", millis(DAY_1, "14:00:00")).replace("\"tolist\":[]", "\"tolist\":[\"zhangwei\"]"));
        messages.add(text("m10", "wmAlice", "wrGroupA", "签 到", millis(DAY_1, "12:00:00")));
        messages.add(text("m11", "lisi", "wrGroupB", "hello", millis(DAY_2, "09:00:00")));
        messages.add("{\"msgid\":\"m13\",\"action\":\"recall\",\"from\":\"wmFrank\",\"tolist\":[],\"roomid\":\"wrGroupA\","
                + "\"msgtime\":" + millis(DAY_1, "16:00:00") + ",\"msgtype\":\"text\",\"text\":{\"content\":\"oops\"},"
                + "\"corpid\":\"" + CORP + "\",\"seq\":13}");
        messages.add(text("m14", "wmAlice", "wrGroupA", "from the year 3000", 32_503_680_000_000L));
        messages.add("{\"msgid\":\"m12\",\"action\":\"send\",\"from\":\"wmAlice\",\"tolist\":\"zhangwei\",\"roomid\":\"wrGroupA\","
                + "\"msgtime\":" + millis(DAY_1, "15:00:00") + ",\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},\"corpid\":\"" + CORP + "\"}");
    }

    /** The final group_daily_stats rows, without version, sorted by key. */
    static List<String> expectedGroupDailyStats() {
        return List.of(
                row("wrGroupA", DAY_1, 5, 1, 4, 5, 2),
                row("wrGroupA", DAY_2, 0, 0, 1, 1, 1),
                row("wrGroupB", DAY_2, 0, 0, 1, 1, 0));
    }

    /** The final member_daily_activity rows, without version, sorted by key. */
    static List<String> expectedMemberDailyActivity() {
        return List.of(
                member("wrGroupA", "wmAlice", DAY_1, "customer", 2, "09:00:00.000", "12:00:00.000", 1),
                member("wrGroupA", "wmCarol", DAY_1, "customer", 1, "23:59:59.500", "23:59:59.500", 1),
                member("wrGroupA", "wmCarol", DAY_2, "customer", 1, "00:00:00.500", "00:00:00.500", 1),
                member("wrGroupA", "woBob", DAY_1, "customer", 1, "10:30:00.000", "10:30:00.000", 0),
                member("wrGroupA", "zhangwei", DAY_1, "employee", 1, "11:00:00.000", "11:00:00.000", 0),
                member("wrGroupB", "lisi", DAY_2, "employee", 1, "09:00:00.000", "09:00:00.000", 0));
    }

    /** The one-to-one side of the scenario: wmDave added zhangwei and wrote once, unanswered. */
    static List<String> expectedEmployeeDailyBehavior() {
        return List.of("{\"corp_id\":\"" + CORP + "\",\"userid\":\"zhangwei\",\"stat_date\":\"" + DAY_1
                + "\",\"new_contact_cnt\":1,\"negative_feedback_cnt\":0,\"chat_cnt\":0,\"message_cnt\":0,"
                + "\"reply_percentage\":0.0,\"avg_reply_time\":null,\"initiated_chat_cnt\":1,\"replied_chat_cnt\":0}");
    }

    private static String member(String chat, String member, LocalDate day, String type, int messages, String first,
            String last, int checkedIn) {
        return "{\"corp_id\":\"" + CORP + "\",\"chat_id\":\"" + chat + "\",\"member_id\":\"" + member
                + "\",\"stat_date\":\"" + day + "\",\"member_type\":\"" + type + "\",\"msg_cnt\":" + messages
                + ",\"first_msg_at\":\"" + day + " " + first + "\",\"last_msg_at\":\"" + day + " " + last
                + "\",\"checked_in\":" + checkedIn + "}";
    }

    static String row(String chat, LocalDate day, int joined, int quit, int speakers, int messages, int checkins) {
        return "{\"corp_id\":\"" + CORP + "\",\"chat_id\":\"" + chat + "\",\"stat_date\":\"" + day
                + "\",\"new_member_cnt\":" + joined + ",\"quit_member_cnt\":" + quit + ",\"member_has_msg\":" + speakers
                + ",\"msg_total\":" + messages + ",\"checkin_members\":" + checkins + "}";
    }

    static String memberChange(String chat, String detail, String memberList, long createTime) {
        String scene = detail.equals("add_member") ? "\"JoinScene\":3" : "\"QuitScene\":0";
        return "{\"ToUserName\":\"" + CORP + "\",\"FromUserName\":\"sys\",\"CreateTime\":" + createTime
                + ",\"MsgType\":\"event\",\"Event\":\"change_external_chat\",\"ChatId\":\"" + chat
                + "\",\"ChangeType\":\"update\",\"UpdateDetail\":\"" + detail + "\"," + scene
                + ",\"MemChangeCnt\":1,\"MemChangeList\":" + memberList + ",\"LastMemVer\":\"1\",\"CurMemVer\":\"2\"}";
    }

    static String text(String msgId, String from, String room, String content, long msgTime) {
        return "{\"msgid\":\"" + msgId + "\",\"action\":\"send\",\"from\":\"" + from + "\",\"tolist\":[],\"roomid\":\"" + room
                + "\",\"msgtime\":" + msgTime + ",\"msgtype\":\"text\",\"text\":{\"content\":\"" + content + "\"},"
                + "\"corpid\":\"" + CORP + "\",\"seq\":1}";
    }

    static long millis(LocalDate date, String time) {
        return LocalDateTime.of(date, LocalTime.parse(time)).atZone(ZoneId.of("Asia/Shanghai")).toInstant().toEpochMilli();
    }

    static long seconds(LocalDate date, String time) {
        return millis(date, time) / 1000;
    }
}
