package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.config.PipelineConfig;
import com.wecomflow.kafka.WeComKafka;
import com.wecomflow.sinks.ResultStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A savepoint maps state to operators by uid: a renamed or missing uid drops that operator's state
 * on the next upgrade (or, without {@code --allowNonRestoredState}, refuses the upgrade). The uids
 * of every job's graph are therefore fixed in {@code operator-uids.txt}; changing one on purpose
 * means a state migration and an entry in the upgrade notes, not a quiet edit of that file.
 */
class OperatorUidsTest {

    private static final Path EXPECTED = Path.of("src/test/resources/operator-uids.txt");

    @TempDir
    Path dir;

    @Test
    void everyOperatorOfEveryJobKeepsItsUid() throws Exception {
        List<String> uids = new ArrayList<>();
        Map<String, LocalFlinkCluster.GraphBuilder> graphs = EveryJob.graphs("localhost:9092",
                (topic, group) -> WeComKafka.rawSource("localhost:9092", topic, group, false),
                ResultStores.jsonLines(dir), PipelineConfig.defaults(), List.of());
        for (Map.Entry<String, LocalFlinkCluster.GraphBuilder> job : graphs.entrySet()) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            job.getValue().build(env);
            for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
                assertThat(node.getTransformationUID())
                        .as("uid of operator '%s' of %s", node.getOperatorName(), job.getKey())
                        .isNotBlank();
                uids.add(job.getKey() + "\t" + node.getTransformationUID());
            }
        }

        assertThat(uids.stream().sorted().toList())
                .isEqualTo(Files.readAllLines(EXPECTED, StandardCharsets.UTF_8).stream()
                        .filter(line -> !line.isBlank() && !line.startsWith("#")).toList());
    }
}
