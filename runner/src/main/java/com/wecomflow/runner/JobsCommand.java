package com.wecomflow.runner;

import com.wecomflow.jobs.compliance.ComplianceRule;
import com.wecomflow.jobs.compliance.RuleTopicSnapshot;
import com.wecomflow.kafka.Topics;
import com.wecomflow.kafka.WeComKafka;
import com.wecomflow.sinks.ResultStores;
import com.wecomflow.sinks.clickhouse.ClickHouseConnection;
import com.wecomflow.sinks.clickhouse.ClickHouseServerCheck;
import com.wecomflow.sinks.postgres.PostgresConnection;
import com.wecomflow.sinks.postgres.PostgresTables;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./run jobs}: every job, continuously, on one machine (a Flink MiniCluster) against the
 * user's own Kafka, ClickHouse or PostgreSQL, for deployments too small for a Flink cluster. Checkpoints go
 * to {@code DIR/JOB/JOB_ID/chk-N}, are kept when the jobs stop, and the next run resumes each job
 * from its newest one; a failing job restarts with a growing delay instead of ending.
 */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "Run every job continuously on this machine against your Kafka (and ClickHouse or PostgreSQL) until Ctrl-C.")
final class JobsCommand implements Callable<Integer> {

    private static final int PARALLELISM = 2;
    private static final int SLOTS = PARALLELISM * EveryJob.NAMES.size();
    private static final Duration FIRST_RESTART_DELAY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RESTART_DELAY = Duration.ofMinutes(1);

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOSTS", description = "the Kafka cluster")
    String bootstrapServers;

    @Option(names = "--clickhouse-url", paramLabel = "URL", description = "write the tables to this ClickHouse (run ./run migrate first)")
    String clickHouseUrl;

    @Option(names = "--postgres-url", paramLabel = "JDBC-URL",
            description = "write the tables to this PostgreSQL, jdbc:postgresql://host:5432/db (run ./run migrate first)")
    String postgresUrl;

    @Option(names = "--results-dir", paramLabel = "DIR",
            description = "also (or instead) write every row version as JSON lines to DIR/TABLE/part-*.jsonl")
    Path resultsDir;

    @Option(names = "--checkpoints", defaultValue = "checkpoints", paramLabel = "DIR",
            description = "where checkpoints are kept and resumed from (default ${DEFAULT-VALUE})")
    Path checkpoints;

    @Option(names = "--checkpoint-interval-seconds", defaultValue = "10", paramLabel = "N",
            description = "how often each job checkpoints (default ${DEFAULT-VALUE})")
    int checkpointIntervalSeconds;

    @Option(names = "--config", paramLabel = "FILE", description = "settings, JSON or YAML")
    Path config;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "put these compliance rules on " + Topics.COMPLIANCE_RULES + " first (as ./run rules put)")
    Path rules;

    @Override
    public Integer call() throws Exception {
        Running running = start(System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(running::stop, "jobs-stop"));
        try {
            running.await();
        } catch (Exception e) {
            if (!running.stopping()) {
                throw e;
            }
        }
        return 0;
    }

    /** Starts every job and returns at once; the jobs run until {@link Running#stop}. */
    Running start(PrintStream out) throws Exception {
        if (clickHouseUrl == null && postgresUrl == null && resultsDir == null) {
            throw new IllegalArgumentException("give --clickhouse-url, --postgres-url or --results-dir: where the tables go");
        }
        if (checkpointIntervalSeconds < 1) {
            throw new IllegalArgumentException("--checkpoint-interval-seconds must be at least 1, got " + checkpointIntervalSeconds);
        }
        ClickHouseConnection clickHouse = clickHouseUrl == null ? null : ClickHouseConnection.parse(clickHouseUrl);
        if (clickHouse != null) {
            // A wrong URL or a server without the schema fails now, in one line, not as endless restarts.
            ClickHouseServerCheck.ofResultTables(clickHouse).close();
            out.println("ClickHouse at " + clickHouse + ": every result table present");
        }
        var pipelineConfig = WeComFlowCli.config(config);
        PostgresConnection postgres = postgresUrl == null ? null
                : PostgresConnection.parse(postgresUrl).inTimeZone(pipelineConfig.timezone());
        if (postgres != null) {
            PostgresTables.requireResultTables(postgres);
            out.println("PostgreSQL at " + postgres + ": every result table present");
        }
        List<RulesCommand.RuleRecord> newRules = rules == null ? List.of() : RulesCommand.readRules(rules);
        Path checkpointRoot = directory(checkpoints, "--checkpoints");
        Path results = resultsDir == null ? null : directory(resultsDir, "--results-dir");
        requireTopics();
        if (!newRules.isEmpty()) {
            RulesCommand.produce(bootstrapServers, newRules);
        }
        List<ComplianceRule> startupRules = RuleTopicSnapshot.read(bootstrapServers);

        Map<String, Optional<Path>> resumeFrom = new LinkedHashMap<>();
        for (String job : EveryJob.NAMES) {
            resumeFrom.put(job, latestCheckpoint(checkpointRoot.resolve(job)));
        }
        LocalFlinkCluster flink = new LocalFlinkCluster(SLOTS, PARALLELISM, checkpointIntervalSeconds * 1000L);
        try {
            EveryJob.submit(flink, bootstrapServers,
                    (topic, group) -> WeComKafka.rawSource(bootstrapServers, topic, group, false),
                    new ResultStores(results, clickHouse, postgres),
                    pipelineConfig, startupRules,
                    job -> settings(checkpointRoot.resolve(job), resumeFrom.get(job)));
        } catch (Exception e) {
            flink.close();
            throw e;
        }
        out.printf("running %s on %s with %s; checkpoints every %ds in %s; Ctrl-C stops%n",
                String.join(", ", EveryJob.NAMES), bootstrapServers, WeComFlowCli.rulesInForce(startupRules),
                checkpointIntervalSeconds,
                checkpointRoot);
        resumeFrom.forEach((job, checkpoint) -> out.println("  " + job + ": "
                + checkpoint.map(path -> "resumed from " + path).orElse("no checkpoint yet, starting from the topics' committed offsets")));
        return new Running(flink);
    }

    /** The jobs started by {@link #start}. */
    static final class Running implements AutoCloseable {
        private final LocalFlinkCluster flink;
        private volatile boolean stopping;

        Running(LocalFlinkCluster flink) {
            this.flink = flink;
        }

        /** Returns when a job ends, which with restarts only happens when the jobs are stopped. */
        void await() throws Exception {
            flink.awaitAll();
        }

        boolean stopping() {
            return stopping;
        }

        /** Cancels the jobs (their checkpoints stay for the next run) and stops the cluster. */
        synchronized void stop() {
            if (stopping) {
                return;
            }
            stopping = true;
            try {
                flink.cancelAll();
                flink.close();
            } catch (Exception e) {
                System.err.println("error: stopping the jobs: " + e.getMessage());
            }
        }

        @Override
        public void close() {
            stop();
        }
    }

    /**
     * A job's settings: checkpoints kept on cancellation under its own directory, restarts with a
     * delay doubling from 1 s to a minute for as long as it keeps failing, and the checkpoint to
     * resume from, if any (claimed: Flink deletes it once a newer one is complete).
     */
    static Configuration settings(Path jobCheckpoints, Optional<Path> resumeFrom) {
        Configuration settings = new Configuration();
        settings.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        settings.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, FIRST_RESTART_DELAY);
        settings.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, LONGEST_RESTART_DELAY);
        settings.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        settings.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        settings.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, jobCheckpoints.toUri().toString());
        settings.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        resumeFrom.ifPresent(checkpoint -> {
            settings.set(StateRecoveryOptions.SAVEPOINT_PATH, checkpoint.toUri().toString());
            settings.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
        });
        return settings;
    }

    /** The newest complete checkpoint of a job ({@code JOB_ID/chk-N} with its {@code _metadata}), if any. */
    static Optional<Path> latestCheckpoint(Path jobCheckpoints) throws IOException {
        if (!Files.isDirectory(jobCheckpoints)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.find(jobCheckpoints, 3, (path, attributes) ->
                path.getFileName().toString().equals("_metadata")
                        && path.getParent().getFileName().toString().startsWith("chk-"))) {
            return files.max(Comparator.comparing(JobsCommand::modified)).map(Path::getParent);
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    private static Path directory(Path directory, String option) {
        try {
            Files.createDirectories(directory);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException(option + ": cannot use " + directory + " as a directory ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (!Files.isWritable(directory)) {
            throw new IllegalArgumentException(option + ": cannot write to " + directory);
        }
        return directory.toAbsolutePath();
    }

    /** The jobs wait for topics that do not exist; say so at start instead. */
    private void requireTopics() throws InterruptedException {
        try (Admin admin = OperatorKafka.admin(bootstrapServers)) {
            Set<String> existing = OperatorKafka.await(admin.listTopics().names(), bootstrapServers);
            List<String> missing = TopicsCommand.plan(1, 1, 1).stream()
                    .map(TopicsCommand.TopicPlan::name)
                    .filter(topic -> !existing.contains(topic))
                    .toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("--bootstrap-servers " + bootstrapServers + " has no topic "
                        + String.join(", ", missing) + " (create them with ./run topics create)");
            }
        }
    }
}
