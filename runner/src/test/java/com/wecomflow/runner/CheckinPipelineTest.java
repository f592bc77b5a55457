package com.wecomflow.runner;

import static com.wecomflow.runner.CheckinScenario.D;
import static com.wecomflow.runner.CheckinScenario.milestone;
import static com.wecomflow.runner.CheckinScenario.streak;
import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.config.PipelineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check-in job on the real broker and MiniCluster, through the replay path. */
class CheckinPipelineTest {

    @TempDir
    Path dir;

    @Test
    void aLateCheckinJoinsTheRunsAndTheMilestoneGetsTheDayTheStreakReachedIt() throws Exception {
        CheckinScenario scenario = new CheckinScenario();
        Path out = Replays.replay(dir, "in-order", List.of(), scenario.messages);

        assertThat(Replays.rowsWithoutVersion(out, "checkin_streaks")).containsExactlyElementsOf(CheckinScenario.expectedStreaks());
        assertThat(Replays.rowsWithoutVersion(out, "checkin_milestones"))
                .containsExactly(milestone("wmStreak", 7, D.plusDays(6)));
    }

    @Test
    void shuffledAndDuplicatedInputGivesTheSameRows() throws Exception {
        CheckinScenario scenario = new CheckinScenario();
        List<String> messages = new ArrayList<>(scenario.messages);
        messages.addAll(scenario.messages.subList(0, 6));
        Collections.shuffle(messages, new Random(42));
        Path out = Replays.replay(dir, "shuffled", List.of(), messages);

        assertThat(Replays.rowsWithoutVersion(out, "checkin_streaks")).containsExactlyElementsOf(CheckinScenario.expectedStreaks());
        assertThat(Replays.rowsWithoutVersion(out, "checkin_milestones"))
                .containsExactly(milestone("wmStreak", 7, D.plusDays(6)));
    }

    @Test
    void keywordsAndMilestonesComeFromTheConfigFile() throws Exception {
        Path configFile = Files.writeString(dir.resolve("config.yaml"),
                "checkin_keywords: [签到, 打卡, 报到]\ncheckin_milestones: [2, 7]\n");
        CheckinScenario scenario = new CheckinScenario();
        Path out = Replays.replay(dir, "configured", List.of(), scenario.messages, PipelineConfig.load(configFile));

        assertThat(Replays.rowsWithoutVersion(out, "checkin_streaks")).contains(
                streak("lisi", 2, 2, 2, D.plusDays(2), D.plusDays(3)));
        assertThat(Replays.rowsWithoutVersion(out, "checkin_milestones")).containsExactly(
                milestone("lisi", 2, D.plusDays(3)),
                milestone("wmNight", 2, D.plusDays(1)),
                milestone("wmStreak", 2, D.plusDays(1)),
                milestone("wmStreak", 7, D.plusDays(6)));
    }
}
