package com.wecomflow.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.wecomflow.cli.StateSettings;
import com.wecomflow.config.PipelineConfig;
import com.wecomflow.jobs.compliance.ComplianceRule;
import com.wecomflow.kafka.RecordKeys;
import com.wecomflow.kafka.Topics;
import com.wecomflow.kafka.WeComKafka;
import com.wecomflow.sinks.ResultStores;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;

/**
 * {@code ./run bench pipeline}: how fast the jobs run together on this machine, against what
 * reading the same records costs at the least, all measured in one run on one generated tenant.
 *
 * <ol>
 *   <li><b>baseline</b>: a plain Kafka consumer reading both input topics and parsing every
 *       record with the jobs' own parsers (best of {@link #BASELINE_ROUNDS} rounds);
 *   <li><b>pipeline</b>: every job on one MiniCluster, as {@code ./run replay} runs them (same
 *       parallelism, state backend, checkpoints, JSON-lines sinks), from submitting the jobs to
 *       the last one finishing, at each parallelism asked for (the speed-up is the scaling);
 *   <li><b>each job alone</b> on the same records;
 *   <li><b>latency</b>: every job running unbounded with production's settings (RocksDB, checkpoints every 10 s) while
 *       records arrive at a steady rate, probes timed from produce to their rows in the sink files
 *       ({@link LatencyProbes});
 * </ol>
 * with each phase's peak heap, peak RSS and checkpoint figures. Prints a table and writes JSON.
 */
public final class PipelineBenchmark {

    /** What the generator writes per customer it is asked for, on average (callbacks and messages). */
    static final int RECORDS_PER_CUSTOMER = 13;
    static final int BASELINE_ROUNDS = 3;
    static final int LATENCY_WARM_UP_SECONDS = 15;
    private static final long SEED = 2026;
    private static final int DAYS = 30;
    private static final int WARM_UP_CUSTOMERS = 3_000;

    /** Which phases to run; all of them unless {@code --skip} names some. */
    public enum Phase { BASELINE, PIPELINE, SCALING, ALONE, LATENCY }

    public record Settings(int records, int rate, int latencySeconds, int parallelism, Set<Phase> phases, Path json,
            LocalState state) {
        public Settings {
            if (records < 1_000) {
                throw new IllegalArgumentException("--records must be at least 1000, got " + records);
            }
            if (rate < 1) {
                throw new IllegalArgumentException("--rate must be at least 1, got " + rate);
            }
            if (latencySeconds <= LATENCY_WARM_UP_SECONDS) {
                throw new IllegalArgumentException("--latency-seconds must be over the " + LATENCY_WARM_UP_SECONDS
                        + " s warm-up, got " + latencySeconds);
            }
            if (parallelism < 2) {
                throw new IllegalArgumentException("--parallelism must be at least 2 (1 is measured for the scaling), got "
                        + parallelism);
            }
        }
    }

    /** One timed run: what ran, on how many records, how long, what it used. */
    record Run(String name, int parallelism, long records, double seconds, ResourceSampler.Peaks peaks,
            List<LocalFlinkCluster.CheckpointFigures> checkpoints) {
        double recordsPerSecond() {
            return records / seconds;
        }
    }

    private final Settings settings;
    private final PrintStream out;
    private final Progress progress;

    public PipelineBenchmark(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.progress = new Progress(out);
    }

    public void run() throws Exception {
        Path work = Files.createTempDirectory("wecom-flow-bench-");
        try {
            run(work);
        } finally {
            Directories.deleteRecursively(work);
        }
    }

    private void run(Path work) throws Exception {
        Path tenant = work.resolve("tenant");
        int customers = Math.max(10, settings.records() / RECORDS_PER_CUSTOMER);
        progress.update(String.format("generating a tenant of %,d customers", customers));
        TenantGenerator.Stats generated = new TenantGenerator(DAYS, customers, SEED).writeTo(tenant);
        Path callbacks = tenant.resolve(TenantGenerator.CALLBACKS_FILE);
        Path messages = tenant.resolve(TenantGenerator.MESSAGES_FILE);
        Path channels = tenant.resolve(TenantGenerator.CHANNELS_FILE);
        List<ComplianceRule> rules = ReplayRunner.readRules(tenant.resolve(TenantGenerator.RULES_FILE), ReplayRunner.RejectedRules.IGNORED);
        progress.done(String.format("generated %,d callbacks and %,d messages (%,d customers over %d days, seed %d)",
                generated.callbacks(), generated.messages(), customers, DAYS, SEED));

        warmUp(work.resolve("warm-up"));

        Map<String, Long> topicRecords = new LinkedHashMap<>();
        List<Run> runs = new ArrayList<>();
        LatencyProbes.Result latency = null;
        Run latencyRun = null;
        LocalState state;
        try (LocalKafkaBroker kafka = LocalKafkaBroker.start(work.resolve("kafka"))) {
            try (InputProducer producer = new InputProducer(kafka.bootstrapServers())) {
                topicRecords.put(Topics.CALLBACK_EVENTS,
                        producer.produce(callbacks, Topics.CALLBACK_EVENTS, RecordKeys::callbackKey, progress));
                topicRecords.put(Topics.ARCHIVE_MESSAGES,
                        producer.produce(messages, Topics.ARCHIVE_MESSAGES, RecordKeys::archiveKey, progress));
                topicRecords.put(Topics.CHANNELS, producer.produce(channels, Topics.CHANNELS, RecordKeys::channelKey, progress));
            }
            long inputRecords = topicRecords.get(Topics.CALLBACK_EVENTS) + topicRecords.get(Topics.ARCHIVE_MESSAGES);
            // Where the timed pipeline runs keep state: as replay would for the bench's tenant.
            state = ReplayRunner.stateFor(settings.state(), inputRecords, progress);
            if (settings.phases().contains(Phase.BASELINE)) {
                runs.add(baseline(kafka.bootstrapServers(), inputRecords));
            }
            if (settings.phases().contains(Phase.PIPELINE)) {
                runs.add(pipeline(kafka.bootstrapServers(), work, "pipeline", EveryJob.NAMES, settings.parallelism(),
                        state, topicRecords, rules));
            }
            if (settings.phases().contains(Phase.SCALING)) {
                runs.add(pipeline(kafka.bootstrapServers(), work, "pipeline", EveryJob.NAMES, 1, state, topicRecords, rules));
            }
            if (settings.phases().contains(Phase.ALONE)) {
                for (String job : EveryJob.NAMES) {
                    runs.add(pipeline(kafka.bootstrapServers(), work, job + " alone", List.of(job), settings.parallelism(),
                            state, topicRecords, rules));
                }
            }
        }
        if (settings.phases().contains(Phase.LATENCY)) {
            try (LocalKafkaBroker kafka = LocalKafkaBroker.start(work.resolve("kafka-latency"));
                    ResourceSampler resources = new ResourceSampler()) {
                Path sinks = work.resolve("latency-sinks");
                try (InputProducer producer = new InputProducer(kafka.bootstrapServers())) {
                    producer.produce(channels, Topics.CHANNELS, RecordKeys::channelKey, progress);
                }
                try (LocalFlinkCluster flink = new LocalFlinkCluster(settings.parallelism() * EveryJob.NAMES.size(),
                        settings.parallelism(), StateSettings.CHECKPOINT_INTERVAL.toMillis())) {
                    String bootstrap = kafka.bootstrapServers();
                    EveryJob.submit(flink, bootstrap, (topic, job) -> WeComKafka.rawSource(bootstrap, topic, job, false),
                            ResultStores.jsonLines(sinks), PipelineConfig.defaults(), rules, job -> new Configuration());
                    latency = new LatencyProbes(bootstrap, sinks).run(callbacks, messages, settings.rate(),
                            settings.latencySeconds(), LATENCY_WARM_UP_SECONDS, progress);
                    latencyRun = new Run("latency", settings.parallelism(), latency.recordsSent(), latency.secondsSent(),
                            resources.peaks(), flink.checkpointFigures());
                    flink.cancelAll();
                }
                progress.done(String.format("latency: %,d records sent in %.0f s, %,d probes timed",
                        latency.recordsSent(), latency.secondsSent(), latency.probesCounted()));
            }
        }
        BenchReport report = new BenchReport(settings, state, generated, topicRecords, runs, latencyRun, latency);
        report.print(out);
        Path json = settings.json();
        if (json.getParent() != null) {
            Files.createDirectories(json.getParent());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report.toJson());
        out.println("written to " + json);
    }

    /**
     * Runs every job once on a small tenant of its own, untimed, so that no timed run pays for
     * loading classes and compiling the code hot paths run (the first run on a cold JVM takes
     * twice as long).
     */
    private void warmUp(Path work) throws Exception {
        Path tenant = work.resolve("tenant");
        new TenantGenerator(DAYS, WARM_UP_CUSTOMERS, SEED + 1).writeTo(tenant);
        try (LocalKafkaBroker kafka = LocalKafkaBroker.start(work.resolve("kafka"));
                InputProducer producer = new InputProducer(kafka.bootstrapServers())) {
            Map<String, Long> topicRecords = new LinkedHashMap<>();
            topicRecords.put(Topics.CALLBACK_EVENTS, producer.produce(tenant.resolve(TenantGenerator.CALLBACKS_FILE),
                    Topics.CALLBACK_EVENTS, RecordKeys::callbackKey, Progress.silent()));
            topicRecords.put(Topics.ARCHIVE_MESSAGES, producer.produce(tenant.resolve(TenantGenerator.MESSAGES_FILE),
                    Topics.ARCHIVE_MESSAGES, RecordKeys::archiveKey, Progress.silent()));
            new BaselineReader(kafka.bootstrapServers()).readAll();
            LocalState state = ReplayRunner.stateFor(settings.state(),
                    topicRecords.values().stream().mapToLong(Long::longValue).sum(), Progress.silent());
            pipeline(kafka.bootstrapServers(), work, "warm-up (not counted)", EveryJob.NAMES, settings.parallelism(), state,
                    topicRecords, ReplayRunner.readRules(tenant.resolve(TenantGenerator.RULES_FILE),
                            ReplayRunner.RejectedRules.IGNORED));
        } finally {
            Directories.deleteRecursively(work);
        }
    }

    private Run baseline(String kafka, long inputRecords) {
        Run best = null;
        for (int round = 1; round <= BASELINE_ROUNDS; round++) {
            progress.update(String.format("baseline: round %d of %d, reading and parsing %,d records", round,
                    BASELINE_ROUNDS, inputRecords));
            try (ResourceSampler resources = new ResourceSampler()) {
                long started = System.nanoTime();
                long read = new BaselineReader(kafka).readAll();
                Run run = new Run("baseline: KafkaConsumer + parsers", 1, read, seconds(started), resources.peaks(), List.of());
                if (best == null || run.seconds() < best.seconds()) {
                    best = run;
                }
            }
        }
        progress.done(String.format("baseline: %,.0f records/s (best of %d rounds)", best.recordsPerSecond(),
                BASELINE_ROUNDS));
        return best;
    }

    private Run pipeline(String kafka, Path work, String name, List<String> jobs, int parallelism, LocalState state,
            Map<String, Long> topicRecords, List<ComplianceRule> rules) throws Exception {
        Path sinks = Files.createTempDirectory(work, "sinks-");
        String label = name + ", parallelism " + parallelism;
        long records = jobs.stream()
                .flatMap(job -> EveryJob.INPUT_TOPICS.get(job).stream())
                .distinct()
                .mapToLong(topic -> topicRecords.getOrDefault(topic, 0L))
                .sum();
        // A consumer group of its own per run: every run reads the topics from the beginning.
        String groupSuffix = "-bench-" + System.nanoTime();
        try (ResourceSampler resources = new ResourceSampler();
                LocalFlinkCluster flink = new LocalFlinkCluster(parallelism * jobs.size(), parallelism,
                        state.checkpointIntervalMillis(records))) {
            Map<String, LocalFlinkCluster.GraphBuilder> graphs = EveryJob.graphs(kafka,
                    (topic, job) -> WeComKafka.rawSource(kafka, topic, job + groupSuffix, true),
                    ResultStores.jsonLines(sinks), PipelineConfig.defaults(), rules);
            long started = System.nanoTime();
            for (String job : jobs) {
                flink.submit(job, graphs.get(job), state.settings());
            }
            SinkFiles rows = new SinkFiles(sinks);
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            ticker.scheduleAtFixedRate(() -> progress.update(String.format("%s: %,d row versions written, %.0fs", label,
                    rows.rowsWritten(), seconds(started))), 0, 500, TimeUnit.MILLISECONDS);
            try {
                flink.awaitAll();
            } finally {
                ticker.shutdownNow();
            }
            double seconds = seconds(started);
            Run run = new Run(name, parallelism, records, seconds, resources.peaks(), flink.checkpointFigures());
            progress.done(String.format("%s: %,d records in %.1f s, %,.0f records/s (%,d row versions written)", label,
                    records, seconds, run.recordsPerSecond(), rows.rowsWritten()));
            return run;
        } finally {
            Directories.deleteRecursively(sinks);
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** The default JSON file: {@code out/bench/pipeline-DATE.json} under the working directory. */
    static Path defaultJson() {
        return Path.of("out", "bench", "pipeline-" + LocalDateTime.now().withNano(0).toString().replace(':', '-') + ".json");
    }

    static Set<Phase> phasesWithout(List<String> skipped) {
        Set<Phase> phases = new java.util.LinkedHashSet<>(Arrays.asList(Phase.values()));
        for (String name : skipped) {
            try {
                phases.remove(Phase.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--skip takes " + Arrays.toString(Phase.values()).toLowerCase(java.util.Locale.ROOT)
                        + ", got " + name);
            }
        }
        return phases;
    }
}
