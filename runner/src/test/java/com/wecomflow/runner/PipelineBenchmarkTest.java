package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small run of {@code ./run bench pipeline}: every figure it prints comes from real runs. */
class PipelineBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void measuresTheBaselineThePipelineAndTheLatencyOfProbesInEveryKindOfTable() throws Exception {
        Path json = dir.resolve("bench.json");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        new PipelineBenchmark(new PipelineBenchmark.Settings(30_000, 1_000, 25, 2,
                PipelineBenchmark.phasesWithout(List.of("alone", "scaling")), json, LocalState.AUTO),
                new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        long inputRecords = figures.path("input_records").path("wecom.callback.events").asLong()
                + figures.path("input_records").path("wecom.archive.messages").asLong();
        assertThat(inputRecords).isGreaterThan(25_000);
        long catalogue = figures.path("input_records").path("wecom.channels").asLong();
        List<String> runs = new ArrayList<>();
        for (JsonNode run : figures.path("runs")) {
            runs.add(run.path("name").asText());
            // The baseline reads the two input topics; the pipeline's catalogue job reads the catalogue too.
            assertThat(run.path("records").asLong())
                    .isEqualTo(run.path("name").asText().equals("pipeline") ? inputRecords + catalogue : inputRecords);
            assertThat(run.path("records_per_second").asDouble()).isPositive();
            assertThat(run.path("peak_heap_used_bytes").asLong()).isPositive();
        }
        assertThat(runs).containsExactly("baseline: KafkaConsumer + parsers", "pipeline");
        JsonNode pipeline = figures.path("runs").get(1);
        assertThat(pipeline.path("checkpoints")).hasSize(EveryJob.NAMES.size());

        JsonNode latency = figures.path("latency");
        assertThat(latency.path("probes").asInt()).isGreaterThan(50);
        assertThat(latency.path("probes_without_row").asInt()).isZero();
        // Each kind of probe reached the tables of the job it is meant for.
        assertThat(latency.path("by_table").fieldNames()).toIterable()
                .contains("checkin_streaks", "member_daily_activity", "compliance_alerts", "customer_journey");
        assertThat(latency.path("all_tables").path("p99_ms").asLong()).isPositive();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("records/s").contains("latency at 1,000 records/s");
    }
}
