package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wecomflow.config.PipelineConfig;
import com.wecomflow.records.ResultTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStateTest {

    private static final long GIGABYTE = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void autoTakesTheHeapWhileTheExpectedStateFitsInHalfOfItAndRocksDbBeyond() {
        // 2 KB a record: 1,048,576 records expect 2 GB, half of a 4 GB heap.
        assertThat(LocalState.AUTO.resolve(1_048_576, 4 * GIGABYTE)).isEqualTo(LocalState.HEAP);
        assertThat(LocalState.AUTO.resolve(1_048_577, 4 * GIGABYTE)).isEqualTo(LocalState.ROCKSDB);
        assertThat(LocalState.ROCKSDB.resolve(10, 4 * GIGABYTE)).isEqualTo(LocalState.ROCKSDB);
        assertThat(LocalState.HEAP.resolve(100_000_000, GIGABYTE)).isEqualTo(LocalState.HEAP);
    }

    @Test
    void heapStateCheckpointsLessOftenAsTheReplayGrowsAndRocksDbKeepsFiveSeconds() {
        assertThat(LocalState.HEAP.checkpointIntervalMillis(30_000)).isEqualTo(5_000);
        assertThat(LocalState.HEAP.checkpointIntervalMillis(1_000_000)).isEqualTo(17_000);
        assertThat(LocalState.HEAP.checkpointIntervalMillis(2_000_000)).isEqualTo(30_000);
        assertThat(LocalState.HEAP.checkpointIntervalMillis(50_000_000)).isEqualTo(30_000);
        assertThat(LocalState.ROCKSDB.checkpointIntervalMillis(50_000_000)).isEqualTo(5_000);
    }

    @Test
    void eachChoiceIsTheFlinkSettingItNames() {
        assertThat(LocalState.HEAP.settings().get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(LocalState.ROCKSDB.settings().getOptional(StateBackendOptions.STATE_BACKEND)).isEmpty();
        assertThat(LocalState.ROCKSDB.settings().get(RocksDBOptions.TIMER_SERVICE_FACTORY))
                .isEqualTo(EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP);
        assertThatThrownBy(LocalState.AUTO::settings).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aGeneratedTenantReplayedWithStateOnTheHeapAndInRocksDbGivesTheSameTables() throws Exception {
        Path tenant = dir.resolve("tenant");
        new TenantGenerator(12, 400, 11).writeTo(tenant);
        Path heap = replay(tenant, LocalState.HEAP);
        Path rocksDb = replay(tenant, LocalState.ROCKSDB);

        int rows = 0;
        for (ResultTable table : ResultTable.values()) {
            assertThat(comparable(heap, table))
                    .as(table.tableName())
                    .containsExactlyInAnyOrderElementsOf(comparable(rocksDb, table));
            rows += comparable(heap, table).size();
        }
        assertThat(rows).isGreaterThan(1_000);
    }

    /** A table's rows without what depends on when they were written: the version and an alert's detection time. */
    private static List<String> comparable(Path out, ResultTable table) throws IOException {
        List<String> rows = new ArrayList<>();
        for (JsonNode row : Replays.readLines(out.resolve(table.tableName() + ".jsonl"))) {
            ((ObjectNode) row).remove(List.of("version", "detected_at"));
            rows.add(row.toString());
        }
        return rows;
    }

    private Path replay(Path tenant, LocalState state) throws Exception {
        Path out = dir.resolve(state.name());
        new ReplayRunner().run(new ReplayRunner.Options(
                tenant.resolve(TenantGenerator.CALLBACKS_FILE), tenant.resolve(TenantGenerator.MESSAGES_FILE),
                tenant.resolve(TenantGenerator.RULES_FILE), PipelineConfig.defaults(), out, null,
                tenant.resolve(TenantGenerator.CHANNELS_FILE), state, ReplayRunner.DEFAULT_PARALLELISM), Progress.silent());
        return out;
    }
}
