package com.wecomflow.runner;

import com.wecomflow.cli.StateSettings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What {@code ./run bench pipeline} measured, as a table for people and as JSON for tools. */
final class BenchReport {

    private static final double MB = 1024.0 * 1024.0;

    private final PipelineBenchmark.Settings settings;
    private final LocalState state;
    private final TenantGenerator.Stats tenant;
    private final Map<String, Long> topicRecords;
    private final List<PipelineBenchmark.Run> runs;
    private final PipelineBenchmark.Run latencyRun;
    private final LatencyProbes.Result latency;

    BenchReport(PipelineBenchmark.Settings settings, LocalState state, TenantGenerator.Stats tenant, Map<String, Long> topicRecords,
            List<PipelineBenchmark.Run> runs, PipelineBenchmark.Run latencyRun, LatencyProbes.Result latency) {
        this.settings = settings;
        this.state = state;
        this.tenant = tenant;
        this.topicRecords = topicRecords;
        this.runs = runs;
        this.latencyRun = latencyRun;
        this.latency = latency;
    }

    private long inputRecords() {
        return topicRecords.values().stream().mapToLong(Long::longValue).sum();
    }

    private Optional<PipelineBenchmark.Run> baseline() {
        return runs.stream().filter(run -> run.name().startsWith("baseline")).findFirst();
    }

    private Optional<PipelineBenchmark.Run> pipeline(int parallelism) {
        return runs.stream().filter(run -> run.name().equals("pipeline") && run.parallelism() == parallelism).findFirst();
    }

    void print(PrintStream out) {
        out.println();
        out.printf("pipeline benchmark: %,d callbacks + %,d messages (+ %,d catalogue entries), %s%n",
                topicRecords.getOrDefault("wecom.callback.events", 0L), topicRecords.getOrDefault("wecom.archive.messages", 0L),
                topicRecords.getOrDefault("wecom.channels", 0L),
                state.describe() + ", checkpoints every "
                        + state.checkpointIntervalMillis(inputRecords()) / 1000 + " s, rows to JSON-lines files (as ./run replay)");
        out.printf("%-44s %4s %11s %9s %11s %8s %9s %9s %9s %11s%n", "run", "par", "records", "seconds", "records/s",
                "vs base", "heap MB", "live MB", "RSS MB", "ckpt MB/max s");
        for (PipelineBenchmark.Run run : runs) {
            out.printf("%-44s %4d %,11d %9.1f %,11.0f %8s %9.0f %9.0f %9s %11s%n", run.name(), run.parallelism(),
                    run.records(), run.seconds(), run.recordsPerSecond(), ratioToBaseline(run),
                    run.peaks().heapUsed() / MB, run.peaks().heapLiveAfterGc() / MB,
                    run.peaks().rss() < 0 ? "-" : String.format("%.0f", run.peaks().rss() / MB), checkpoints(run));
        }
        Optional<PipelineBenchmark.Run> parallel = pipeline(settings.parallelism());
        Optional<PipelineBenchmark.Run> single = pipeline(1);
        if (parallel.isPresent() && single.isPresent()) {
            out.printf("scaling: parallelism %d runs the pipeline %.2fx as fast as parallelism 1%n", settings.parallelism(),
                    parallel.get().recordsPerSecond() / single.get().recordsPerSecond());
        }
        if (latency != null) {
            long[] all = latency.allMillis();
            out.printf("latency at %,d records/s for %d s (first %d s not counted; RocksDB, checkpoints every %d s as in production),"
                    + " produce -> row in the sink files:%n", settings.rate(), settings.latencySeconds(),
                    PipelineBenchmark.LATENCY_WARM_UP_SECONDS, StateSettings.CHECKPOINT_INTERVAL.toSeconds());
            out.printf("  achieved rate %,.0f records/s; %,d probes, %d without a row; %s%n",
                    latency.recordsSent() / latency.secondsSent(), latency.probesCounted(), latency.probesWithoutRow(),
                    quantiles(all));
            latency.millisByTable().forEach((table, millis) -> out.printf("  %-26s %s%n", table, quantiles(millis)));
            out.printf("  resources: heap %.0f MB, live %.0f MB, RSS %s MB, checkpoints %s%n",
                    latencyRun.peaks().heapUsed() / MB, latencyRun.peaks().heapLiveAfterGc() / MB,
                    latencyRun.peaks().rss() < 0 ? "-" : String.format("%.0f", latencyRun.peaks().rss() / MB),
                    checkpoints(latencyRun));
        }
    }

    private String ratioToBaseline(PipelineBenchmark.Run run) {
        return baseline().map(base -> String.format("%.1f%%", 100 * run.recordsPerSecond() / base.recordsPerSecond()))
                .orElse("-");
    }

    private static String checkpoints(PipelineBenchmark.Run run) {
        if (run.checkpoints().isEmpty()) {
            return "-";
        }
        long bytes = run.checkpoints().stream().mapToLong(LocalFlinkCluster.CheckpointFigures::stateBytes).sum();
        long maxMillis = run.checkpoints().stream().mapToLong(LocalFlinkCluster.CheckpointFigures::maxMillis).max().orElse(0);
        return String.format("%.0f/%.1f", bytes / MB, maxMillis / 1000.0);
    }

    static String quantiles(long[] sortedMillis) {
        if (sortedMillis.length == 0) {
            return "no rows";
        }
        return String.format("p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (%d rows)", quantile(sortedMillis, 0.50),
                quantile(sortedMillis, 0.95), quantile(sortedMillis, 0.99), sortedMillis[sortedMillis.length - 1],
                sortedMillis.length);
    }

    /** The nearest-rank quantile. */
    static long quantile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("settings", Map.of("records", settings.records(), "rate", settings.rate(),
                "latency_seconds", settings.latencySeconds(), "parallelism", settings.parallelism(),
                "state", state.name().toLowerCase(java.util.Locale.ROOT)));
        json.put("input_records", topicRecords);
        json.put("tenant", Map.of("customers", tenant.customers(), "groups", tenant.groups()));
        List<Map<String, Object>> runList = new ArrayList<>();
        for (PipelineBenchmark.Run run : runs) {
            runList.add(runJson(run));
        }
        json.put("runs", runList);
        Optional<PipelineBenchmark.Run> parallel = pipeline(settings.parallelism());
        Optional<PipelineBenchmark.Run> single = pipeline(1);
        if (parallel.isPresent() && single.isPresent()) {
            json.put("scaling_speedup", parallel.get().recordsPerSecond() / single.get().recordsPerSecond());
        }
        if (latency != null) {
            Map<String, Object> latencyJson = new LinkedHashMap<>();
            latencyJson.put("records_sent", latency.recordsSent());
            latencyJson.put("seconds", latency.secondsSent());
            latencyJson.put("probes", latency.probesCounted());
            latencyJson.put("probes_without_row", latency.probesWithoutRow());
            latencyJson.put("all_tables", quantilesJson(latency.allMillis()));
            Map<String, Object> byTable = new LinkedHashMap<>();
            latency.millisByTable().forEach((table, millis) -> byTable.put(table, quantilesJson(millis)));
            latencyJson.put("by_table", byTable);
            latencyJson.put("resources", runJson(latencyRun));
            json.put("latency", latencyJson);
        }
        return json;
    }

    private Map<String, Object> runJson(PipelineBenchmark.Run run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", run.name());
        json.put("parallelism", run.parallelism());
        json.put("records", run.records());
        json.put("seconds", run.seconds());
        json.put("records_per_second", run.recordsPerSecond());
        baseline().ifPresent(base -> json.put("ratio_to_baseline", run.recordsPerSecond() / base.recordsPerSecond()));
        json.put("peak_heap_used_bytes", run.peaks().heapUsed());
        json.put("peak_heap_live_after_gc_bytes", run.peaks().heapLiveAfterGc());
        json.put("peak_rss_bytes", run.peaks().rss());
        json.put("checkpoints", run.checkpoints());
        return json;
    }

    private static Map<String, Object> quantilesJson(long[] sortedMillis) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rows", sortedMillis.length);
        if (sortedMillis.length > 0) {
            json.put("p50_ms", quantile(sortedMillis, 0.50));
            json.put("p95_ms", quantile(sortedMillis, 0.95));
            json.put("p99_ms", quantile(sortedMillis, 0.99));
            json.put("max_ms", sortedMillis[sortedMillis.length - 1]);
        }
        return json;
    }
}
