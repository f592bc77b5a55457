package com.wecomflow.runner;

import static com.wecomflow.runner.GroupStatsScenario.millis;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A check-in challenge in one group: a nine-day streak across a month end whose fourth day
 * arrives last (days late in event time), repeats on one day, check-ins at 23:59:59 and
 * 00:00:01 Asia/Shanghai, and messages that look like check-ins but are not.
 */
final class CheckinScenario {

    static final LocalDate D = LocalDate.of(2026, 10, 26);
    static final String CORP = "wwcorp0003";
    static final String GROUP = "wrChallenge";

    final List<String> messages = new ArrayList<>();
    private int msgIds;

    CheckinScenario() {
        String[] variants = {"签到！", " 打卡 ", "#签到#", "签到", "打卡✅", "【签到】", "签到", "打卡", "签到"};
        for (int day = 0; day <= 8; day++) {
            if (day != 3) {
                groupText("wmStreak", variants[day], D.plusDays(day), "08:30:00");
            }
        }
        groupText("wmStreak", "打卡", D.plusDays(1), "21:00:00");

        groupText("wmNight", "签到", D, "23:59:59");
        groupText("wmNight", "签到", D.plusDays(1), "00:00:01");

        groupText("wmNoise", "签 到", D, "09:00:00");
        groupText("wmNoise", "今天签到了", D.plusDays(1), "09:00:00");
        message("wmNoise", "[\"lisi\"]", "", "send", "签到", D.plusDays(2), "09:00:00");
        message("wmNoise", "[]", GROUP, "recall", "签到", D.plusDays(3), "09:00:00");

        groupText("lisi", "打卡", D.plusDays(2), "10:00:00");
        groupText("lisi", "报到", D.plusDays(3), "10:00:00");

        groupText("wmStreak", "签到", D.plusDays(3), "08:30:00");
    }

    /** checkin_streaks with the default keywords, without version, sorted by key. */
    static List<String> expectedStreaks() {
        return List.of(
                streak("lisi", 1, 1, 1, D.plusDays(2), D.plusDays(2)),
                streak("wmNight", 2, 2, 2, D, D.plusDays(1)),
                streak("wmStreak", 9, 9, 9, D, D.plusDays(8)));
    }

    static String streak(String member, int current, int longest, int total, LocalDate first, LocalDate last) {
        return "{\"corp_id\":\"" + CORP + "\",\"chat_id\":\"" + GROUP + "\",\"member_id\":\"" + member
                + "\",\"current_streak\":" + current + ",\"longest_streak\":" + longest + ",\"total_days\":" + total
                + ",\"first_checkin_date\":\"" + first + "\",\"last_checkin_date\":\"" + last + "\"}";
    }

    static String milestone(String member, int milestone, LocalDate reached) {
        return "{\"corp_id\":\"" + CORP + "\",\"chat_id\":\"" + GROUP + "\",\"member_id\":\"" + member
                + "\",\"milestone\":" + milestone + ",\"reached_date\":\"" + reached + "\"}";
    }

    private void groupText(String from, String content, LocalDate day, String time) {
        message(from, "[]", GROUP, "send", content, day, time);
    }

    private void message(String from, String toList, String room, String action, String content, LocalDate day,
            String time) {
        msgIds++;
        messages.add("{\"msgid\":\"c" + msgIds + "\",\"action\":\"" + action + "\",\"from\":\"" + from
                + "\",\"tolist\":" + toList + ",\"roomid\":\"" + room + "\",\"msgtime\":" + millis(day, time)
                + ",\"msgtype\":\"text\",\"text\":{\"content\":\"" + content + "\"},\"corpid\":\"" + CORP + "\"}");
    }
}
