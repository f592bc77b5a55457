package com.wecomflow.cli;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateBackendOptions;

/**
 * Where every job keeps its state, chosen once for production mains and local runs alike: keyed
 * state in RocksDB with incremental checkpoints to durable storage; and records handed between
 * chained operators without copies. Heap state with checkpoints in
 * the JobManager's memory, Flink's default, refuses a large tenant's month. A setting the cluster's
 * own configuration already has wins over these defaults.
 */
public final class StateSettings {

    /** How often jobs checkpoint unless the cluster says otherwise: how much is replayed after a failure. */
    public static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    private StateSettings() {}

    /**
     * The settings this project's jobs need and {@code cluster} lacks.
     *
     * @param checkpointDirectory a Flink file-system URI for checkpoints, or null to rely on the cluster's
     * @throws IllegalArgumentException when neither gives a checkpoint directory
     */
    public static Configuration missingFrom(ReadableConfig cluster, String checkpointDirectory) {
        Configuration settings = new Configuration();
        setUnlessPresent(settings, cluster, StateBackendOptions.STATE_BACKEND, "rocksdb");
        setUnlessPresent(settings, cluster, CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        setUnlessPresent(settings, cluster, CheckpointingOptions.CHECKPOINTING_INTERVAL, CHECKPOINT_INTERVAL);
        // A cancelled job's last checkpoint is how an operator restarts it without losing state.
        setUnlessPresent(settings, cluster, CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        // Every record type that passes between operators is an immutable Java record: handing the
        // same object on, instead of a serialized copy per chained operator, is safe and saves a tenth of the work.
        setUnlessPresent(settings, cluster, PipelineOptions.OBJECT_REUSE, true);
        if (checkpointDirectory != null) {
            settings.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            settings.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDirectory);
        } else if (cluster.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).isEmpty()) {
            throw new IllegalArgumentException("no checkpoint storage: pass --checkpoint-dir URI or set "
                    + CheckpointingOptions.CHECKPOINTS_DIRECTORY.key() + " in the cluster's configuration");
        }
        return settings;
    }

    private static <T> void setUnlessPresent(
            Configuration settings, ReadableConfig cluster, org.apache.flink.configuration.ConfigOption<T> option, T value) {
        if (cluster.getOptional(option).isEmpty()) {
            settings.set(option, value);
        }
    }
}
