package com.wecomflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void defaults() {
        PipelineConfig config = PipelineConfig.defaults();

        assertThat(config.timezone()).isEqualTo("Asia/Shanghai");
        assertThat(config.attributionWindowDays()).isEqualTo(7);
        assertThat(config.checkinKeywords()).containsExactly("签到", "打卡");
        assertThat(config.checkinMilestones()).containsExactly(7, 21, 30);
        assertThat(config.latenessHorizonDays()).isEqualTo(35);
        assertThat(config.latenessHorizon()).isEqualTo(Duration.ofDays(35));
        assertThat(config.calendar().zone().getId()).isEqualTo("Asia/Shanghai");
        assertThat(config.checkinDetector().isCheckinText("打卡！")).isTrue();
        assertThat(config.floodMessages()).isEqualTo(10);
        assertThat(config.floodWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.massDeletionThreshold()).isEqualTo(20);
        assertThat(config.replySlaMinutes()).isEqualTo(30);
        assertThat(config.replyTimeout()).isEqualTo(new ReplyTimeoutSettings(30, "09:00-18:00", List.of(1, 2, 3, 4, 5, 6, 7)));
    }

    @Test
    void loadsTheMonitorsParameters() throws Exception {
        PipelineConfig config = PipelineConfig.load(write("monitors.yaml", """
                flood_messages: 5
                flood_seconds: 30
                mass_deletion_threshold: 3
                reply_sla_minutes: 15
                working_hours: "08:30-17:45"
                working_days: [1, 2, 3, 4, 5]
                """));

        assertThat(config.floodMessages()).isEqualTo(5);
        assertThat(config.floodWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.massDeletionThreshold()).isEqualTo(3);
        assertThat(config.replySlaMinutes()).isEqualTo(15);
        assertThat(config.replyTimeout()).isEqualTo(new ReplyTimeoutSettings(config.replySlaMinutes(), "08:30-17:45", List.of(1, 2, 3, 4, 5)));
    }

    @Test
    void invalidMonitorParametersAreRejectedNamingTheKey() {
        for (String[] bad : new String[][] {
                {"flood_messages: 0\n", "flood_messages must be at least 1, got 0"},
                {"flood_seconds: -60\n", "flood_seconds must be at least 1, got -60"},
                {"mass_deletion_threshold: 0\n", "mass_deletion_threshold must be at least 1, got 0"},
                {"reply_sla_minutes: 0\n", "reply_sla_minutes must be at least 1, got 0"},
                {"working_hours: 9-18\n", "working_hours must be \"HH:mm-HH:mm\""},
                {"working_hours: \"09:00-25:00\"\n", "working_hours must be \"HH:mm-HH:mm\""},
                {"working_hours: \"18:00-09:00\"\n", "working_hours must open before it closes"},
                {"working_days: []\n", "working_days must list at least one"},
                {"working_days: [0, 1]\n", "working_days must be ISO weekdays from 1 (Monday) to 7 (Sunday), got 0"},
                {"working_days: [1, 8]\n", "got 8"},
                {"flood_seconds: ten\n", "flood_seconds must be an integer"}}) {
            assertThatThrownBy(() -> PipelineConfig.load(write("bad.yaml", bad[0])))
                    .as(bad[0])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad[1]);
        }
    }

    @Test
    void loadsYaml() throws Exception {
        Path file = write("config.yaml", """
                # tenant settings
                timezone: UTC
                attribution_window_days: 14
                checkin_keywords:
                  - 打卡
                  - Daka
                checkin_milestones: [3, 10, 100]
                """);

        PipelineConfig config = PipelineConfig.load(file);

        assertThat(config.timezone()).isEqualTo("UTC");
        assertThat(config.attributionWindowDays()).isEqualTo(14);
        assertThat(config.checkinKeywords()).containsExactly("打卡", "Daka");
        assertThat(config.checkinMilestones()).containsExactly(3, 10, 100);
        assertThat(config.latenessHorizonDays()).isEqualTo(35);
        // the loaded settings drive the calendar and the detector
        long lateEveningShanghai = Instant.parse("2024-03-10T16:30:00Z").toEpochMilli();
        assertThat(config.calendar().dateOf(lateEveningShanghai)).isEqualTo(LocalDate.of(2024, 3, 10));
        assertThat(config.checkinDetector().isCheckinText("ＤＡＫＡ")).isTrue();
        assertThat(config.checkinDetector().isCheckinText("签到")).isFalse();
    }

    @Test
    void loadsJson() throws Exception {
        Path file = write("config.json", """
                {
                  "timezone": "America/New_York",
                  "attribution_window_days": 3,
                  "checkin_keywords": ["签到", "check in"],
                  "checkin_milestones": [5],
                  "lateness_horizon_days": 40
                }
                """);

        PipelineConfig config = PipelineConfig.load(file);

        assertThat(config.timezone()).isEqualTo("America/New_York");
        assertThat(config.attributionWindowDays()).isEqualTo(3);
        assertThat(config.checkinKeywords()).containsExactly("签到", "check in");
        assertThat(config.checkinMilestones()).containsExactly(5);
        assertThat(config.latenessHorizonDays()).isEqualTo(40);
        assertThat(config.calendar().zone().getId()).isEqualTo("America/New_York");
        assertThat(config.checkinDetector().isCheckinText("CHECKIN!")).isTrue();
    }

    @Test
    void absentKeysTakeTheirDefaults() throws Exception {
        PipelineConfig config = PipelineConfig.load(write("partial.yml", "attribution_window_days: 10\n"));

        assertThat(config.attributionWindowDays()).isEqualTo(10);
        assertThat(config.timezone()).isEqualTo("Asia/Shanghai");
        assertThat(config.checkinKeywords()).containsExactly("签到", "打卡");
        assertThat(config.checkinMilestones()).containsExactly(7, 21, 30);
    }

    @Test
    void emptyJsonObjectIsAllDefaults() throws Exception {
        assertThat(PipelineConfig.load(write("empty.json", "{}"))).isEqualTo(PipelineConfig.defaults());
    }

    @Test
    void unknownKeyIsRejectedByName() throws Exception {
        Path file = write("typo.yaml", """
                timezone: UTC
                attribution_window: 14
                """);

        assertThatThrownBy(() -> PipelineConfig.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attribution_window'")
                .hasMessageContaining("unknown setting")
                .hasMessageEndingWith("(known: attribution_window_days, checkin_keywords, checkin_milestones,"
                        + " flood_messages, flood_seconds, lateness_horizon_days, mass_deletion_threshold,"
                        + " reply_sla_minutes, timezone, working_days, working_hours)");
    }

    @Test
    void unknownKeyInJsonIsRejectedByName() throws Exception {
        Path file = write("typo.json", "{\"checkin_keyword\": [\"签到\"]}");

        assertThatThrownBy(() -> PipelineConfig.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checkin_keyword'");
    }

    @Test
    void invalidTimezoneHasAClearMessage() throws Exception {
        Path file = write("bad-zone.yaml", "timezone: Asia/Shangai\n");

        assertThatThrownBy(() -> PipelineConfig.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown time zone 'Asia/Shangai'")
                .hasMessageContaining(file.toString());
    }

    @Test
    void invalidValuesAreRejected() throws Exception {
        assertThatThrownBy(() -> PipelineConfig.load(write("w.yaml", "attribution_window_days: 0\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attribution_window_days");
        assertThatThrownBy(() -> PipelineConfig.load(write("m.yaml", "checkin_milestones: [7, -1]\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checkin_milestones");
        assertThatThrownBy(() -> PipelineConfig.load(write("k.yaml", "checkin_keywords: ['!!']\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("check-in keyword");
    }

    @Test
    void directConstructionValidatesTheZone() {
        assertThatThrownBy(() -> new PipelineConfig("Nowhere/Atlantis", 7, null, null, null, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Nowhere/Atlantis");
    }

    @Test
    void emptyOrCommentOnlyFileIsAllDefaults() throws Exception {
        assertThat(PipelineConfig.load(write("empty.yaml", ""))).isEqualTo(PipelineConfig.defaults());
        assertThat(PipelineConfig.load(write("comments.yaml", "# nothing to override yet\n")))
                .isEqualTo(PipelineConfig.defaults());
    }

    @Test
    void aValueOfTheWrongTypeNamesTheKeyTheTypeAndTheValue() throws Exception {
        Path seven = write("cfg.yaml", "attribution_window_days: seven\n");
        assertThatThrownBy(() -> PipelineConfig.load(seven))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(seven + ": attribution_window_days must be an integer, got \"seven\"");

        assertThatThrownBy(() -> PipelineConfig.load(write("half.yaml", "lateness_horizon_days: 7.5\n")))
                .hasMessageEndingWith("lateness_horizon_days must be an integer, got 7.5");
        assertThatThrownBy(() -> PipelineConfig.load(write("milestone.json", "{\"checkin_milestones\": [7, \"x\"]}")))
                .hasMessageEndingWith("checkin_milestones[1] must be an integer, got \"x\"");
        assertThatThrownBy(() -> PipelineConfig.load(write("scalar.yaml", "checkin_keywords: 签到\n")))
                .hasMessageEndingWith("checkin_keywords must be a list, got \"签到\"");
    }

    @Test
    void aByteOrderMarkBeforeTheFirstKeyIsSkipped() throws Exception {
        PipelineConfig config = PipelineConfig.load(write("notepad.yaml", "\uFEFFattribution_window_days: 14\ntimezone: UTC\n"));

        assertThat(config.attributionWindowDays()).isEqualTo(14);
        assertThat(config.timezone()).isEqualTo("UTC");
    }

    @Test
    void aFileThatIsNotUtf8IsAnErrorNamingIt() throws Exception {
        Path file = dir.resolve("gbk.yaml");
        Files.write(file, "checkin_keywords: [签到]\n".getBytes(java.nio.charset.Charset.forName("GBK")));

        assertThatThrownBy(() -> PipelineConfig.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ": not valid UTF-8 (invalid byte at offset 21");
    }
}
