package com.wecomflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
                        + " lateness_horizon_days, timezone)");
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
        assertThatThrownBy(() -> new PipelineConfig("Nowhere/Atlantis", 7, null, null, null))
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
