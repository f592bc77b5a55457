package com.wecomflow.functions;

/**
 * Row versions for {@code ReplacingMergeTree(version)}: strictly rising per key, and rising across
 * restarts and replays too, because they start from the wall clock (milliseconds) whenever it is
 * ahead of the last version. A replay of the same input therefore supersedes, never loses to, an
 * earlier run's rows.
 */
public final class Versions {

    private Versions() {}

    /** The version for a key's next row, given its previous version (0 when none). */
    public static long next(long previous, long nowMillis) {
        return Math.max(previous + 1, nowMillis);
    }
}
