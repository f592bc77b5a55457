package com.wecomflow.jobs.monitors;

import com.wecomflow.jobs.records.FloodWindow;
import com.wecomflow.records.ArchiveMessage;
import java.time.Duration;
import org.apache.flink.api.java.functions.KeySelector;

/** A group message's sender, group and tumbling window, windows aligned to the Unix epoch. */
public final class FloodWindowOf implements KeySelector<ArchiveMessage, FloodWindow> {

    private static final long serialVersionUID = 1L;

    private final long windowMillis;

    public FloodWindowOf(Duration window) {
        this.windowMillis = window.toMillis();
    }

    @Override
    public FloodWindow getKey(ArchiveMessage message) {
        return new FloodWindow(message.corpId(), message.roomId(), message.from(),
                windowStart(message.msgTimeMillis(), windowMillis));
    }

    /** The start of the window holding a time; floor division keeps times before 1970 in their window too. */
    public static long windowStart(long millis, long windowMillis) {
        return Math.floorDiv(millis, windowMillis) * windowMillis;
    }
}
