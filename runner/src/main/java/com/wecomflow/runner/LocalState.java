package com.wecomflow.runner;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBOptions;

/**
 * Where a replay keeps the jobs' keyed state. Production jobs keep it in RocksDB, which spills
 * to disk and checkpoints incrementally; a replay starts from empty state, never restores, and
 * mostly fits in memory, where Flink's heap backend reads and writes state without serializing
 * it: a replay runs about twice as fast there. {@link #AUTO} takes the heap when the state a
 * replay of that many records is expected to hold fits comfortably in this JVM's heap.
 */
public enum LocalState {
    AUTO, HEAP, ROCKSDB;

    /**
     * Heap a replay's state takes per input record: about 1.8 KB on a generated 500,000-record
     * month (all of it inside the lateness horizon, so none expired), rounded up.
     */
    static final long HEAP_BYTES_PER_RECORD = 2_048;

    /** The share of the maximum heap that AUTO lets the expected state take. */
    static final double HEAP_SHARE = 0.5;

    /** What AUTO means for a replay of {@code records} input records in a heap of {@code maxHeapBytes}. */
    LocalState resolve(long records, long maxHeapBytes) {
        if (this != AUTO) {
            return this;
        }
        return expectedHeapBytes(records) <= maxHeapBytes * HEAP_SHARE ? HEAP : ROCKSDB;
    }

    /** A replay's checkpoint interval with the least state, and the longest it grows to. */
    static final long SHORTEST_CHECKPOINT_INTERVAL_MILLIS = 5_000;
    static final long LONGEST_CHECKPOINT_INTERVAL_MILLIS = 30_000;

    /** Input records for each second the heap's checkpoint interval grows by. */
    static final long RECORDS_PER_CHECKPOINT_SECOND = 80_000;

    /**
     * How often a replay of {@code records} records checkpoints here. RocksDB checkpoints only
     * what changed, every 5 s. The heap backend writes the whole state each time, and a large
     * tenant's snapshots then run back to back: a 2,000,000-record month took 5 min 12 s at 5 s
     * and 4 min 7 s at 30 s. A small replay keeps 5 s, because a bounded job's last checkpoint
     * waits for the next tick.
     */
    long checkpointIntervalMillis(long records) {
        if (this != HEAP) {
            return SHORTEST_CHECKPOINT_INTERVAL_MILLIS;
        }
        return Math.min(LONGEST_CHECKPOINT_INTERVAL_MILLIS,
                SHORTEST_CHECKPOINT_INTERVAL_MILLIS + 1_000 * (records / RECORDS_PER_CHECKPOINT_SECOND));
    }

    static long expectedHeapBytes(long records) {
        return records * HEAP_BYTES_PER_RECORD;
    }

    /** The jobs' settings for this choice (AUTO must be resolved first). */
    Configuration settings() {
        Configuration settings = new Configuration();
        switch (this) {
            case HEAP -> settings.set(StateBackendOptions.STATE_BACKEND, "hashmap");
            // Timers on the heap beside RocksDB take a sixth off a replay; a replay never restores
            // timers that a production job wrote to RocksDB.
            case ROCKSDB -> settings.set(RocksDBOptions.TIMER_SERVICE_FACTORY,
                    EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP);
            case AUTO -> throw new IllegalStateException("resolve AUTO before asking for its settings");
        }
        return settings;
    }

    /** How the choice reads in a progress line or a report. */
    String describe() {
        return switch (this) {
            case HEAP -> "state on the heap";
            case ROCKSDB -> "state in RocksDB with timers on the heap";
            case AUTO -> "state where it fits";
        };
    }
}
