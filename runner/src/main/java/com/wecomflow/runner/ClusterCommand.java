package com.wecomflow.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./run cluster up|submit|savepoint|status|down}: the production path on this machine, on a
 * standalone Flink session cluster from Flink's own distribution with a Kafka broker beside it
 * ({@link StandaloneCluster}). {@code submit} runs {@code bin/flink run} with the shaded jar and the
 * jobs' own {@code main} arguments, exactly as the README tells an operator to.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "A standalone Flink cluster and a Kafka broker on this machine, each its own process.",
        subcommands = {
            ClusterCommand.Up.class, ClusterCommand.Submit.class, ClusterCommand.Savepoint.class,
            ClusterCommand.Status.class, ClusterCommand.Down.class
        })
final class ClusterCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new IllegalArgumentException("give a subcommand: up, submit, savepoint, status or down (./run cluster --help)");
    }

    /** Where the cluster lives and which Flink it runs: every subcommand takes these. */
    static final class Location {
        @Option(names = "--dir", defaultValue = ".cluster", paramLabel = "DIR",
                description = "the cluster's configuration, logs, checkpoints and savepoints (default ${DEFAULT-VALUE})")
        Path dir;

        @Option(names = "--flink-home", defaultValue = ".flink/dist/pyflink", paramLabel = "DIR",
                description = "Flink's distribution (default ${DEFAULT-VALUE}, installed by ./run cluster up)")
        Path flinkHome;

        StandaloneCluster cluster() {
            return new StandaloneCluster(flinkHome, dir);
        }

        /** Savepoints of the last {@code cluster savepoint}, by job name. */
        Path savepointManifest() {
            return dir.resolve("savepoints/latest.properties");
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Start the Kafka broker, a JobManager and a TaskManager.")
    static final class Up implements Callable<Integer> {
        @Mixin
        Location location;

        @Option(names = "--slots", defaultValue = "10", paramLabel = "N",
                description = "task slots (each job runs with parallelism 2; default ${DEFAULT-VALUE})")
        int slots;

        @Option(names = "--taskmanager-memory", defaultValue = "4096m", paramLabel = "SIZE",
                description = "the TaskManager's process memory (default ${DEFAULT-VALUE})")
        String taskManagerMemory;

        @Option(names = "--checkpoint-interval-seconds", defaultValue = "10", paramLabel = "N",
                description = "how often jobs checkpoint (default ${DEFAULT-VALUE})")
        int checkpointIntervalSeconds;

        @Override
        public Integer call() throws Exception {
            if (slots < 2) {
                throw new IllegalArgumentException("--slots must be at least 2, got " + slots);
            }
            if (checkpointIntervalSeconds < 1) {
                throw new IllegalArgumentException("--checkpoint-interval-seconds must be at least 1, got " + checkpointIntervalSeconds);
            }
            StandaloneCluster cluster = location.cluster();
            cluster.up(new StandaloneCluster.Settings(slots, taskManagerMemory,
                    Duration.ofSeconds(checkpointIntervalSeconds), Duration.ofMinutes(1)), new Progress(System.out));
            System.out.println("Flink web UI: " + cluster.restUrl());
            System.out.println("Kafka:        " + cluster.bootstrapServers());
            System.out.println("next: ./run cluster submit --results-dir DIR (or --clickhouse-url URL)");
            return 0;
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Submit jobs with bin/flink run (the shaded jar, the production main arguments).")
    static final class Submit implements Callable<Integer> {
        @Mixin
        Location location;

        @Option(names = "--job", paramLabel = "NAME",
                description = "a job to submit (repeatable; default every job: ${COMPLETION-CANDIDATES})",
                completionCandidates = JobNames.class)
        List<String> jobs;

        @Option(names = "--jar", paramLabel = "JAR", description = "the shaded jobs jar (default jobs/target/wecom-flow-jobs-*-flink-job.jar)")
        Path jar;

        @Option(names = "--bootstrap-servers", paramLabel = "HOSTS", description = "the Kafka cluster (default the cluster's own broker)")
        String bootstrapServers;

        @Option(names = "--clickhouse-url", paramLabel = "URL", description = "write the tables to this ClickHouse")
        String clickHouseUrl;

        @Option(names = "--postgres-url", paramLabel = "JDBC-URL", description = "write the tables to this PostgreSQL")
        String postgresUrl;

        @Option(names = "--results-dir", paramLabel = "DIR", description = "write the tables as JSON lines under DIR")
        Path resultsDir;

        @Option(names = "--config", paramLabel = "FILE", description = "settings, JSON or YAML")
        Path config;

        @Option(names = "--from-savepoints", description = "resume each job from the savepoint of the last ./run cluster savepoint")
        boolean fromSavepoints;

        @Override
        public Integer call() throws Exception {
            if (clickHouseUrl == null && postgresUrl == null && resultsDir == null) {
                throw new IllegalArgumentException("give --clickhouse-url, --postgres-url or --results-dir: where the tables go");
            }
            StandaloneCluster cluster = location.cluster();
            Map<String, String> savepoints = fromSavepoints ? readManifest(location.savepointManifest()) : Map.of();
            Path shadedJar = jar != null ? jar : StandaloneCluster.shadedJar(Path.of("jobs/target"));
            List<String> arguments = new ArrayList<>(List.of("--bootstrap-servers",
                    bootstrapServers != null ? bootstrapServers : cluster.bootstrapServers()));
            if (clickHouseUrl != null) {
                arguments.addAll(List.of("--clickhouse-url", clickHouseUrl));
            }
            if (postgresUrl != null) {
                arguments.addAll(List.of("--postgres-url", postgresUrl));
            }
            if (resultsDir != null) {
                arguments.addAll(List.of("--results-dir", resultsDir.toAbsolutePath().toString()));
            }
            if (config != null) {
                arguments.addAll(List.of("--config", config.toAbsolutePath().toString()));
            }
            for (String job : jobs == null ? List.copyOf(StandaloneCluster.JOB_MAINS.keySet()) : jobs) {
                Optional<String> savepoint = Optional.ofNullable(savepoints.get(job));
                if (fromSavepoints && savepoint.isEmpty()) {
                    throw new IllegalArgumentException("--from-savepoints: no savepoint of " + job + " in " + location.savepointManifest());
                }
                String id = cluster.submit(shadedJar, job, arguments, savepoint);
                System.out.println(job + ": submitted as " + id + savepoint.map(path -> " from " + path).orElse(""));
            }
            return 0;
        }
    }

    @Command(name = "savepoint", mixinStandardHelpOptions = true,
            description = "Stop every running job with a savepoint (flink stop --savepointPath), for an upgrade.")
    static final class Savepoint implements Callable<Integer> {
        @Mixin
        Location location;

        @Override
        public Integer call() throws Exception {
            StandaloneCluster cluster = location.cluster();
            Map<String, String> savepoints = new LinkedHashMap<>();
            for (StandaloneCluster.JobStatus job : cluster.jobs()) {
                if (job.state().equals("RUNNING")) {
                    String path = cluster.stopWithSavepoint(job.id());
                    savepoints.put(job.name(), path);
                    System.out.println(job.name() + ": stopped with savepoint " + path);
                }
            }
            if (savepoints.isEmpty()) {
                throw new IllegalArgumentException("no running job to stop");
            }
            writeManifest(location.savepointManifest(), savepoints);
            System.out.println("next: ./run cluster submit --from-savepoints ... with the new jar");
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "List the cluster's jobs and their state.")
    static final class Status implements Callable<Integer> {
        @Mixin
        Location location;

        @Override
        public Integer call() throws Exception {
            StandaloneCluster cluster = location.cluster();
            System.out.println("Flink " + cluster.restUrl() + ", Kafka " + cluster.bootstrapServers());
            for (StandaloneCluster.JobStatus job : cluster.jobs()) {
                System.out.printf("%-20s %-10s %s%n", job.name(), job.state(), job.id());
            }
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stop the TaskManagers, the JobManager and the broker (checkpoints and savepoints stay in --dir).")
    static final class Down implements Callable<Integer> {
        @Mixin
        Location location;

        @Override
        public Integer call() throws Exception {
            location.cluster().down();
            System.out.println("cluster down; checkpoints and savepoints stay in " + location.dir);
            return 0;
        }
    }

    /** The job names picocli lists as the candidates of {@code --job}. */
    static final class JobNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return StandaloneCluster.JOB_MAINS.keySet().iterator();
        }
    }

    static void writeManifest(Path file, Map<String, String> savepoints) throws IOException {
        Properties properties = new Properties();
        properties.putAll(savepoints);
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "the savepoint of each job, by job name");
        }
    }

    static Map<String, String> readManifest(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("--from-savepoints: no " + file + " (./run cluster savepoint writes it)");
        }
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        Map<String, String> savepoints = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> savepoints.put(name, properties.getProperty(name)));
        return savepoints;
    }
}
