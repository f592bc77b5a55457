package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The channel-conversion job on the real broker and MiniCluster, through the replay path. */
class ConversionPipelineTest {

    @TempDir
    Path dir;

    @Test
    void attributesFirstTouchAndCountsStagesWithinTheWindow() throws Exception {
        ConversionScenario scenario = new ConversionScenario();
        Path out = Replays.replay(dir, "in-order", scenario.callbacks, scenario.messages);

        assertThat(Replays.rowsWithoutVersion(out, "channel_conversion_daily"))
                .containsExactlyElementsOf(ConversionScenario.expectedRows());
    }

    @Test
    void shuffledAndDuplicatedInputGivesTheSameRows() throws Exception {
        ConversionScenario scenario = new ConversionScenario();
        List<String> callbacks = new ArrayList<>(scenario.callbacks);
        List<String> messages = new ArrayList<>(scenario.messages);
        callbacks.addAll(scenario.callbacks);
        messages.addAll(scenario.messages.subList(0, 3));
        Random random = new Random(9);
        Collections.shuffle(callbacks, random);
        Collections.shuffle(messages, random);
        Path out = Replays.replay(dir, "shuffled", callbacks, messages);

        assertThat(Replays.rowsWithoutVersion(out, "channel_conversion_daily"))
                .containsExactlyElementsOf(ConversionScenario.expectedRows());
    }
}
