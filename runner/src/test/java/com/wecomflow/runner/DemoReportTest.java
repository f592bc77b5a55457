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

        new DemoReport(results, new PrintStream(printed, true, StandardCharsets.UTF_8)).print();

        String report = printed.toString(StandardCharsets.UTF_8);
        // steady: 21 of 41 chats (51.2%, not the 75.0 of (50 + 100) / 2) in (20 x 10 + 1 x 2) / 21 = 9.6 minutes.
        assertThat(report).containsSubsequence(
                "busy", "90.0", "4.0",
                "steady", "51.2", "9.6");
        assertThat(report).doesNotContain("75.0").doesNotContain("mean of daily figures");
    }

    private static String day(String userid, String date, int initiated, int replied, double minutes) {
        return "{\"corp_id\":\"wwcorp\",\"userid\":\"" + userid + "\",\"stat_date\":\"" + date
                + "\",\"new_contact_cnt\":0,\"negative_feedback_cnt\":0,\"chat_cnt\":" + replied
                + ",\"message_cnt\":" + replied + ",\"reply_percentage\":" + (100.0 * replied / initiated)
                + ",\"avg_reply_time\":" + minutes + ",\"initiated_chat_cnt\":" + initiated
                + ",\"replied_chat_cnt\":" + replied + ",\"version\":1}\n";
    }
}
