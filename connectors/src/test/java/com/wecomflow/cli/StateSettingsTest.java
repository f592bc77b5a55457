package com.wecomflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.Test;

class StateSettingsTest {

    @Test
    void aClusterWithoutStateSettingsGetsRocksDbWithIncrementalCheckpointsToTheGivenDirectory() {
        Configuration settings = StateSettings.missingFrom(new Configuration(), "file:///var/checkpoints");

        assertThat(settings.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(settings.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(settings.get(CheckpointingOptions.CHECKPOINT_STORAGE)).isEqualTo("filesystem");
        assertThat(settings.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("file:///var/checkpoints");
        assertThat(settings.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    }

    @Test
    void whatTheClusterConfiguresWins() {
        Configuration cluster = new Configuration();
        cluster.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        cluster.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, false);
        cluster.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMinutes(1));
        cluster.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, "s3://bucket/checkpoints");

        Configuration settings = StateSettings.missingFrom(cluster, null);

        assertThat(settings.getOptional(StateBackendOptions.STATE_BACKEND)).isEmpty();
        assertThat(settings.getOptional(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isEmpty();
        assertThat(settings.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEmpty();
        assertThat(settings.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEmpty();
    }

    @Test
    void withoutAnyCheckpointDirectoryTheJobRefusesToStartAndSaysWhereToSetOne() {
        assertThatThrownBy(() -> StateSettings.missingFrom(new Configuration(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no checkpoint storage: pass --checkpoint-dir URI or set execution.checkpointing.dir"
                        + " in the cluster's configuration");
    }
}
