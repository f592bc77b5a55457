package com.wecomflow.runner;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This process's memory while a bench phase runs: the peak of the heap in use (sampled), the
 * peak of what was still live after a collection (what the work really holds), and the peak
 * resident set size as Linux counts it (reset at the start when the kernel allows it).
 */
final class ResourceSampler implements AutoCloseable {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    /** Peaks of one phase, in bytes; RSS is -1 where /proc is not there. */
    record Peaks(long heapUsed, long heapLiveAfterGc, long rss) {}

    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-resources");
        thread.setDaemon(true);
        return thread;
    });
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
    private volatile long heapUsed;
    private volatile long heapLive;

    ResourceSampler() {
        resetResidentPeak();
        sampler.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long live = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            MemoryUsage afterGc = pool.getCollectionUsage();
            live += afterGc == null ? 0 : afterGc.getUsed();
        }
        heapUsed = Math.max(heapUsed, used);
        heapLive = Math.max(heapLive, live);
    }

    Peaks peaks() {
        sample();
        return new Peaks(heapUsed, heapLive, residentPeak());
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }

    private static void resetResidentPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // Then the peak is the process's since it started; the figures say RSS peak, not per phase.
        }
    }

    private static long residentPeak() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
