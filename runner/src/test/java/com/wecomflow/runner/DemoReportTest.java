package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoReportTest {

    @TempDir
    Path results;

    @Test
    void replyPerformanceIsExactOverThePeriodNotAMeanOfDailyFigures() throws Exception {
        Files.writeString(results.resolve("employee_daily_behavior.jsonl"),
                day("steady", "2026-11-02", 40, 20, 10.0) + day("steady", "2026-11-03", 1, 1, 2.0)
                        + day("busy", "2026-11-02", 30, 27, 4.0));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        new DemoReport(results, 7, new PrintStream(printed, true, StandardCharsets.UTF_8)).print();

        String report = printed.toString(StandardCharsets.UTF_8);
        // steady: 21 of 41 chats (51.2%, not the 75.0 of (50 + 100) / 2) in (20 x 10 + 1 x 2) / 21 = 9.6 minutes.
        assertThat(report).containsSubsequence(
                "busy", "90.0", "4.0",
                "steady", "51.2", "9.6");
        assertThat(report).doesNotContain("75.0").doesNotContain("mean of daily figures");
    }

    @Test
    void theFunnelLeavesOutCohortsWhoseWindowIsStillOpenAndCountsThemApart() throws Exception {
        // The newest business date is 2026-11-30: the cohort of 11-22 has its 7-day window closed
        // (11-29 is before 11-30), the cohort of 11-23 does not (11-30 is not).
        Files.writeString(results.resolve("channel_conversion_daily.jsonl"),
                cohort("poster", "2026-11-22", 10, 6) + cohort("poster", "2026-11-23", 10, 1)
                        + cohort("poster", "2026-11-30", 4, 0));

        String report = report();

        assertThat(report).contains("cohorts whose 7-day window ended by 2026-11-30");
        // Only the 11-22 cohort: 10 customers, 6 joined (60.0%); the open ones would have made it 7 of 24.
        assertThat(report).containsPattern("poster\\s+10\\s+6 \\(60\\.0%\\)");
        assertThat(report).contains("14 more customers are in cohorts whose window is still open");
    }

    @Test
    void theLeaderboardRanksOnlyLiveStreaks() throws Exception {
        Files.writeString(results.resolve("group_daily_stats.jsonl"),
                "{\"corp_id\":\"wwcorp\",\"chat_id\":\"wrA\",\"stat_date\":\"2026-11-30\",\"new_member_cnt\":0,"
                        + "\"quit_member_cnt\":0,\"member_has_msg\":1,\"msg_total\":1,\"checkin_members\":1,\"version\":1}\n");
        Files.writeString(results.resolve("checkin_streaks.jsonl"),
                streak("wmBroken", 19, "2026-11-28") + streak("wmToday", 4, "2026-11-30")
                        + streak("wmYesterday", 3, "2026-11-29"));

        String report = report();

        assertThat(report).containsSubsequence("wmToday", "wmYesterday").doesNotContain("wmBroken");
    }

    @Test
    void alertsPerMonitorCountEachMonitorAndBehaviourRuleAndNameWhomTheyConcernMost() throws Exception {
        Files.writeString(results.resolve("employee_daily_behavior.jsonl"), day("lina", "2026-11-02", 3, 1, 50.0));
        Files.writeString(results.resolve("compliance_alerts.jsonl"),
                alert("f1", "builtin.flood", "flood", "medium", "wmFlooder", "[]")
                        + alert("f2", "builtin.flood", "flood", "medium", "wmFlooder", "[]")
                        + alert("f3", "builtin.flood", "flood", "medium", "wmOther", "[]")
                        + alert("r1", "builtin.reply_timeout", "service", "medium", "wmAsked1", "[\"lina\"]")
                        + alert("r2", "builtin.reply_timeout", "service", "medium", "wmAsked2", "[\"lina\"]")
                        + alert("r3", "builtin.reply_timeout", "service", "medium", "wmAsked1", "[\"zhangwei\"]")
                        + alert("p1", "red-packet-to-customer", "behavior", "high", "wangfang", "[\"wmA\"]")
                        + alert("k1", "solicit.wechat", "solicitation", "high", "wmAsked1", "[\"lina\"]"));
        Path rules = Files.writeString(results.resolve("rules.jsonl"), String.join("\n",
                "{\"rule_id\":\"solicit.wechat\",\"type\":\"keyword\",\"words\":[\"加微信\"]}",
                "{\"rule_id\":\"red-packet-to-customer\",\"type\":\"behavior\",\"msgtypes\":[\"external_redpacket\"]}",
                "{\"rule_id\":\"files\",\"type\":\"behavior\",\"msgtypes\":[\"file\"]}",
                "{\"rule_id\":\"cards\",\"type\":\"behavior\",\"msgtypes\":[\"card\"]}",
                "{\"rule_id\":\"cards\",\"enabled\":false}",
                "{\"rule_id\":\"broken\""));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        new DemoReport(results, rules, 7, new PrintStream(printed, true, StandardCharsets.UTF_8)).print();

        String report = printed.toString(StandardCharsets.UTF_8);
        String perMonitor = report.substring(report.indexOf("alerts per monitor"));
        // Reply timeouts concern the employee who did not answer (lina twice), not the customer who waited.
        assertThat(perMonitor).containsPattern("builtin\\.flood\\s+flood\\s+medium\\s+3\\s+wmFlooder \\(2\\)")
                .containsPattern("builtin\\.mass_deletion\\s+-\\s+-\\s+0\\s+-")
                .containsPattern("builtin\\.reply_timeout\\s+service\\s+medium\\s+3\\s+lina \\(2\\)")
                .containsPattern("red-packet-to-customer\\s+behavior\\s+high\\s+1\\s+wangfang \\(1\\)")
                .containsPattern("files\\s+-\\s+-\\s+0")
                .doesNotContain("solicit.wechat").doesNotContain("cards");
        assertThat(report).contains("compliance_alerts: 8 alerts by category and severity");
    }

    private static String alert(String id, String rule, String category, String severity, String sender, String receivers) {
        return "{\"alert_id\":\"" + id + "\",\"corp_id\":\"wwcorp\",\"msgid\":\"\",\"msg_time\":\"2026-11-02 10:00:00.000\","
                + "\"roomid\":\"\",\"sender\":\"" + sender + "\",\"sender_type\":\"customer\",\"receivers\":" + receivers
                + ",\"rule_id\":\"" + rule + "\",\"category\":\"" + category + "\",\"severity\":\"" + severity
                + "\",\"matched\":\"\",\"excerpt\":\"\",\"detected_at\":\"2026-11-02 10:00:01.000\",\"version\":1,\"is_deleted\":0}\n";
    }

    private String report() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        new DemoReport(results, 7, new PrintStream(printed, true, StandardCharsets.UTF_8)).print();
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static String cohort(String state, String date, int customers, int joined) {
        return "{\"corp_id\":\"wwcorp\",\"state\":\"" + state + "\",\"cohort_date\":\"" + date
                + "\",\"new_customers\":" + customers + ",\"joined_group\":" + joined
                + ",\"engaged\":0,\"checked_in\":0,\"lost\":0,\"is_deleted\":0,\"version\":1}\n";
    }

    private static String streak(String member, int current, String last) {
        return "{\"corp_id\":\"wwcorp\",\"chat_id\":\"wrA\",\"member_id\":\"" + member + "\",\"current_streak\":"
                + current + ",\"longest_streak\":" + current + ",\"total_days\":" + current
                + ",\"first_checkin_date\":\"2026-11-01\",\"last_checkin_date\":\"" + last + "\",\"version\":1}\n";
    }

    private static String day(String userid, String date, int initiated, int replied, double minutes) {
        return "{\"corp_id\":\"wwcorp\",\"userid\":\"" + userid + "\",\"stat_date\":\"" + date
                + "\",\"new_contact_cnt\":0,\"negative_feedback_cnt\":0,\"chat_cnt\":" + replied
                + ",\"message_cnt\":" + replied + ",\"reply_percentage\":" + (100.0 * replied / initiated)
                + ",\"avg_reply_time\":" + minutes + ",\"initiated_chat_cnt\":" + initiated
                + ",\"replied_chat_cnt\":" + replied + ",\"version\":1}\n";
    }
}
