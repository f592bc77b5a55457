package com.wecomflow.runner;

import com.wecomflow.config.PipelineConfig;
import com.wecomflow.jobs.compliance.ComplianceRule;
import com.wecomflow.jobs.compliance.RuleLog;
import com.wecomflow.jobs.compliance.RuleSet;
import com.wecomflow.kafka.RecordKeys;
import com.wecomflow.kafka.Topics;
import com.wecomflow.kafka.WeComKafka;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.RawRecord;
import com.wecomflow.records.ResultTable;
import com.wecomflow.sinks.ResultStores;
import com.wecomflow.sinks.clickhouse.ClickHouseConnection;
import com.wecomflow.sinks.clickhouse.ClickHouseServerCheck;
import com.wecomflow.sinks.postgres.PostgresConnection;
import com.wecomflow.sinks.postgres.PostgresTables;
import com.wecomflow.text.Utf8Lines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.connector.kafka.source.KafkaSource;

/**
 * The production path on one machine (DESIGN section 6): an in-process Kafka broker, the input
 * files produced into the input topics, every job on one Flink MiniCluster reading its topics up
 * to the offsets present at start, then a clean stop. Writes each result table's final content,
 * and what went to the dead-letter topic, into the output directory.
 */
public final class ReplayRunner {

    /**
     * What to replay and where to write. {@code rules}, {@code channels} (the channel catalogue),
     * {@code clickHouse} and {@code postgres} may be null.
     */
    public record Options(
            Path callbacks,
            Path messages,
            Path rules,
            PipelineConfig config,
            Path out,
            ClickHouseConnection clickHouse,
            Path channels,
            LocalState state,
            int parallelism,
            PostgresConnection postgres) {

        public Options {
            if (parallelism < 1) {
                throw new IllegalArgumentException("--parallelism must be at least 1, got " + parallelism);
            }
        }

        /** A replay that writes no PostgreSQL. */
        public Options(Path callbacks, Path messages, Path rules, PipelineConfig config, Path out,
                ClickHouseConnection clickHouse, Path channels, LocalState state, int parallelism) {
            this(callbacks, messages, rules, config, out, clickHouse, channels, state, parallelism, null);
        }

        /** A replay at {@link #DEFAULT_PARALLELISM} with its state where it fits ({@link LocalState#AUTO}). */
        public Options(Path callbacks, Path messages, Path rules, PipelineConfig config, Path out,
                ClickHouseConnection clickHouse, Path channels) {
            this(callbacks, messages, rules, config, out, clickHouse, channels, LocalState.AUTO, DEFAULT_PARALLELISM);
        }

        /** A replay that writes only the output directory. */
        public Options(Path callbacks, Path messages, Path rules, PipelineConfig config, Path out) {
            this(callbacks, messages, rules, config, out, null);
        }

        /** A replay without a channel catalogue. */
        public Options(Path callbacks, Path messages, Path rules, PipelineConfig config, Path out,
                ClickHouseConnection clickHouse) {
            this(callbacks, messages, rules, config, out, clickHouse, null);
        }

        /** The same replay with this channel catalogue (null for none). */
        public Options withChannels(Path catalogue) {
            return new Options(callbacks, messages, rules, config, out, clickHouse, catalogue, state, parallelism, postgres);
        }

        /** The same replay with its state there. */
        public Options withState(LocalState where) {
            return new Options(callbacks, messages, rules, config, out, clickHouse, channels, where, parallelism, postgres);
        }

        /** The same replay, also writing every table to this PostgreSQL database. */
        public Options withPostgres(PostgresConnection database) {
            return new Options(callbacks, messages, rules, config, out, clickHouse, channels, state, parallelism, database);
        }

        /** Every store the tables go to; the replay's own JSON lines are always among them. */
        ResultStores stores(Path parts) {
            return new ResultStores(parts, clickHouse, postgres == null ? null : postgres.inTimeZone(config.timezone()));
        }
    }

    /** What a replay did. */
    public record Summary(
            long callbacks,
            long messages,
            int rules,
            List<String> builtinRules,
            Map<String, Integer> tableRows,
            long alerts,
            long deadLetters,
            Duration elapsed) {}

    /**
     * Every job's parallelism unless {@code --parallelism} says otherwise: two subtasks per
     * operator, so that a replay exercises what a cluster does (keys spread over subtasks,
     * watermarks merged from several). On a 2-core machine parallelism 1 runs about a fifth faster.
     */
    public static final int DEFAULT_PARALLELISM = 2;
    // Each RocksDB checkpoint flushes and uploads new files: every second, a month of a large tenant wrote 40 GB.
    private static final long CLICKHOUSE_PROBE_INTERVAL_MILLIS = 2_000;

    /**
     * Runs the replay.
     *
     * @throws IllegalArgumentException before anything runs, when {@code --clickhouse-url} or
     *     {@code --postgres-url} is set and that server is unreachable, refuses the login or lacks a table
     */
    public Summary run(Options options, Progress progress) throws Exception {
        long started = System.nanoTime();
        if (options.postgres() != null) {
            PostgresTables.requireResultTables(options.postgres());
            progress.done("PostgreSQL at " + options.postgres() + ": every result table present");
        }
        try (ClickHouseServerCheck clickHouse =
                options.clickHouse() == null ? null : checkedServer(options.clickHouse(), progress)) {
            return run(options, progress, started, clickHouse);
        }
    }

    private Summary run(Options options, Progress progress, long started, ClickHouseServerCheck clickHouse)
            throws Exception {
        Files.createDirectories(options.out());
        Path work = Files.createTempDirectory(options.out(), ".replay-");
        try (LocalKafkaBroker kafka = startBroker(work, progress)) {
            long callbacks;
            long messages;
            List<ComplianceRule> rules;
            try (InputProducer producer = new InputProducer(kafka.bootstrapServers())) {
                callbacks = producer.produce(options.callbacks(), Topics.CALLBACK_EVENTS, RecordKeys::callbackKey, progress);
                messages = producer.produce(options.messages(), Topics.ARCHIVE_MESSAGES, RecordKeys::archiveKey, progress);
                rules = options.rules() == null ? List.of() : readRules(options.rules(), producer::deadLetter);
                if (options.channels() != null) {
                    // In file order on the topic's one partition, so a later line for an entry replaces an earlier one.
                    producer.produce(options.channels(), Topics.CHANNELS, RecordKeys::channelKey, progress);
                }
            }

            Path parts = work.resolve("parts");
            LocalState state = stateFor(options.state(), callbacks + messages, progress);
            progress.update("starting Flink");
            try (LocalFlinkCluster flink = new LocalFlinkCluster(
                    options.parallelism() * EveryJob.NAMES.size(), options.parallelism(),
                    state.checkpointIntervalMillis(callbacks + messages))) {
                submitJobs(flink, kafka.bootstrapServers(), options.stores(parts), options.config(), rules, state);
                awaitWithProgress(flink, parts, progress, started, clickHouse);
            }

            Map<String, Integer> tableRows = finalTables(parts, options.out(), progress);
            long alerts = TopicExport.toFile(
                    kafka.bootstrapServers(), Topics.COMPLIANCE_ALERTS, options.out().resolve("alerts.jsonl"));
            long deadLetters = DeadLetterExport.toFile(kafka.bootstrapServers(), options.out().resolve("deadletter.jsonl"));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            int ownRules = WeComFlowCli.ownRules(rules);
            List<String> builtinRules = RuleSet.of(rules).builtinsInForce();
            return new Summary(callbacks, messages, ownRules, builtinRules, tableRows, alerts, deadLetters, elapsed);
        } finally {
            Directories.deleteRecursively(work);
        }
    }

    /** Reduces every table's row versions to its final rows, the tables side by side on every core. */
    private static Map<String, Integer> finalTables(Path parts, Path out, Progress progress) throws Exception {
        progress.update("writing the final tables");
        ExecutorService reducers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            Map<String, Future<Integer>> pending = new LinkedHashMap<>();
            for (ResultTable table : ResultTable.values()) {
                pending.put(table.tableName(), reducers.submit(() -> FinalTables.reduce(
                        parts.resolve(table.tableName()), table, out.resolve(table.tableName() + ".jsonl"))));
            }
            Map<String, Integer> rows = new LinkedHashMap<>();
            for (Map.Entry<String, Future<Integer>> table : pending.entrySet()) {
                try {
                    rows.put(table.getKey(), table.getValue().get());
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return rows;
        } finally {
            reducers.shutdownNow();
        }
    }

    /**
     * A server that has every result table, or an {@link IllegalArgumentException} saying why not
     * (and nothing else: that line is all a failed start prints).
     */
    private static ClickHouseServerCheck checkedServer(ClickHouseConnection connection, Progress progress) {
        ClickHouseServerCheck check = ClickHouseServerCheck.ofResultTables(connection);
        progress.done("ClickHouse at " + connection + ": every result table present");
        return check;
    }

    private static LocalKafkaBroker startBroker(Path work, Progress progress) throws Exception {
        progress.update("starting Kafka (in-process KRaft broker)");
        LocalKafkaBroker broker = LocalKafkaBroker.start(work.resolve("kafka"));
        progress.done("Kafka broker up at " + broker.bootstrapServers());
        return broker;
    }

    /** What to do with a line of a rules file that is not a valid rule, or not even UTF-8. */
    @FunctionalInterface
    interface RejectedRules {
        void reject(DeadLetter letter) throws IOException;

        /** For a file known to be valid (the bench's generated one): nothing to report. */
        RejectedRules IGNORED = letter -> {};
    }

    /**
     * The rules file's rules, in force for every message of the replay (a later line with the same
     * rule_id replaces an earlier one); a line that is not a valid rule, or not even UTF-8, goes to
     * {@code rejected} as a dead letter.
     */
    static List<ComplianceRule> readRules(Path file, RejectedRules rejected) throws IOException {
        String fileName = file.getFileName().toString();
        RuleLog log = new RuleLog();
        try (Utf8Lines lines = Utf8Lines.open(file)) {
            Utf8Lines.Line line;
            while ((line = lines.next()) != null) {
                if (!line.decoded().valid()) {
                    rejected.reject(ruleRejected(fileName, line.number(), line.decoded().problem(), line.text()));
                } else if (!line.isBlank()) {
                    log.apply(null, line.text(), line.number());
                }
            }
        }
        for (RuleLog.Rejected rule : log.rejected()) {
            rejected.reject(ruleRejected(fileName, rule.position(), rule.reason(), rule.text()));
        }
        return log.rules();
    }

    private static DeadLetter ruleRejected(String fileName, long line, String reason, String text) {
        return new DeadLetter("replay", "rule rejected: " + reason, fileName, -1, -1L, fileName, line, text);
    }

    private static void submitJobs(
            LocalFlinkCluster flink,
            String kafka,
            ResultStores stores,
            PipelineConfig config,
            List<ComplianceRule> rules,
            LocalState state)
            throws Exception {
        EveryJob.submit(flink, kafka, (topic, job) -> boundedSource(kafka, topic, job), stores, config, rules,
                job -> state.settings());
    }

    /** Where this replay keeps state, said in the progress output. */
    static LocalState stateFor(LocalState asked, long records, Progress progress) {
        long maxHeap = Runtime.getRuntime().maxMemory();
        LocalState state = asked.resolve(records, maxHeap);
        progress.done(String.format("%s%s", state.describe(), asked != LocalState.AUTO ? " (as asked)"
                : String.format(" (about %,d MB expected for %,d records; the heap has %,d MB)",
                        LocalState.expectedHeapBytes(records) >> 20, records, maxHeap >> 20)));
        return state;
    }

    private static KafkaSource<RawRecord> boundedSource(String kafka, String topic, String job) {
        return WeComKafka.rawSource(kafka, topic, job + "-replay", true);
    }

    /**
     * Waits for every job, showing the rows written so far; with ClickHouse, a probe of the server
     * on its own thread (a probe may wait for a timeout) says in the same line when the sinks
     * are retrying because the server is gone.
     */
    private static void awaitWithProgress(
            LocalFlinkCluster flink, Path parts, Progress progress, long started, ClickHouseServerCheck clickHouse)
            throws Exception {
        ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "replay-progress");
            thread.setDaemon(true);
            return thread;
        });
        AtomicBoolean clickHouseUnreachable = new AtomicBoolean();
        if (clickHouse != null) {
            ticker.scheduleWithFixedDelay(() -> clickHouseUnreachable.set(!clickHouse.answers()),
                    CLICKHOUSE_PROBE_INTERVAL_MILLIS, CLICKHOUSE_PROBE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        }
        SinkFiles rows = new SinkFiles(parts);
        ticker.scheduleAtFixedRate(
                () -> progress.update(runningStatus(rows.rowsWritten(), elapsedSeconds(started), clickHouseUnreachable.get())),
                0, 500, TimeUnit.MILLISECONDS);
        try {
            flink.awaitAll();
        } finally {
            ticker.shutdownNow();
        }
        progress.done(String.format("jobs finished: %,d row versions written, %ds", rows.rowsWritten(), elapsedSeconds(started)));
    }

    static String runningStatus(long rows, long seconds, boolean clickHouseUnreachable) {
        return String.format("running jobs: %,d row versions written, %ds", rows, seconds)
                + (clickHouseUnreachable ? "; ClickHouse unreachable, retrying" : "");
    }

    private static long elapsedSeconds(long startedNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
    }
}
