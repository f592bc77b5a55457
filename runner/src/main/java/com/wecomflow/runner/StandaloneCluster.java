package com.wecomflow.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.wecomflow.jobs.ChannelCatalogueJob;
import com.wecomflow.jobs.ChannelConversionJob;
import com.wecomflow.jobs.CheckinStreaksJob;
import com.wecomflow.jobs.MemberActivityJob;
import com.wecomflow.jobs.SensitiveWordsJob;
import com.wecomflow.parse.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A standalone Flink session cluster from Flink's own distribution ({@code pip install
 * apache-flink}), with the local runner's Kafka broker beside it: JobManager, TaskManager and
 * broker each a process of their own, on loopback. Jobs go in as an operator submits them in
 * production: the shaded jobs jar through {@code bin/flink run} with the jobs' own {@code main}
 * arguments. Everything the cluster writes (its configuration, logs, pid files, checkpoints and
 * savepoints) lives under one directory.
 */
public final class StandaloneCluster {

    /** The production main of every job, by the job's name. */
    public static final Map<String, String> JOB_MAINS = jobMains();

    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final String BOOTSTRAP_FILE = "kafka.bootstrap";
    private static final String REST_FILE = "rest.url";

    private final Path flinkHome;
    private final Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param flinkHome Flink's distribution ({@code bin/}, {@code lib/}, {@code conf/})
     * @param dir where this cluster keeps its configuration, logs, checkpoints and savepoints
     */
    public StandaloneCluster(Path flinkHome, Path dir) {
        if (!Files.isExecutable(flinkHome.resolve("bin/flink"))) {
            throw new IllegalArgumentException("--flink-home: no Flink distribution at " + flinkHome
                    + " (bash scripts/flink-dist.sh installs one)");
        }
        this.flinkHome = flinkHome.toAbsolutePath().normalize();
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** What {@link #up} sets up. */
    public record Settings(int slots, String taskManagerMemory, Duration checkpointInterval, Duration maxRestartDelay) {
        public static Settings defaults() {
            return new Settings(8, "4096m", Duration.ofSeconds(10), Duration.ofMinutes(1));
        }
    }

    /** Starts the broker, the JobManager and one TaskManager, and waits until the slots are offered. */
    public void up(Settings settings, Progress progress) throws IOException, InterruptedException {
        if (Files.exists(dir.resolve(REST_FILE))) {
            throw new IllegalArgumentException("a cluster is already up in " + dir + " (./run cluster down stops it)");
        }
        for (String sub : List.of("conf", "log", "pids", "checkpoints", "savepoints")) {
            Files.createDirectories(dir.resolve(sub));
        }
        writeConfiguration(settings);
        progress.update("starting the Kafka broker");
        startBroker();
        progress.update("starting the Flink JobManager");
        daemon("jobmanager.sh", "start");
        progress.update("starting the Flink TaskManager");
        startTaskManager();
        awaitSlots(settings.slots(), progress);
        progress.done("cluster up: Flink at " + restUrl() + ", Kafka at " + bootstrapServers());
    }

    /** Stops the TaskManagers, the JobManager and the broker; checkpoints and savepoints stay. */
    public void down() throws IOException, InterruptedException {
        daemon("taskmanager.sh", "stop-all");
        daemon("jobmanager.sh", "stop-all");
        Optional<Long> broker = pids("broker").stream().findFirst();
        if (broker.isPresent()) {
            Optional<ProcessHandle> process = ProcessHandle.of(broker.get());
            if (process.isPresent()) {
                process.get().destroy();
                process.get().onExit().join();
            }
        }
        Files.deleteIfExists(pidFile("broker"));
        Files.deleteIfExists(dir.resolve(BOOTSTRAP_FILE));
        Files.deleteIfExists(dir.resolve(REST_FILE));
    }

    public String bootstrapServers() throws IOException {
        return Files.readString(dir.resolve(BOOTSTRAP_FILE), StandardCharsets.UTF_8).strip();
    }

    public String restUrl() throws IOException {
        return Files.readString(dir.resolve(REST_FILE), StandardCharsets.UTF_8).strip();
    }

    public Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    /**
     * Runs {@code bin/flink run -d [-s SAVEPOINT] -c MAIN JAR ARGUMENTS}, as an operator would.
     *
     * @return the job's id
     */
    public String submit(Path jar, String job, List<String> mainArguments, Optional<String> savepoint)
            throws IOException, InterruptedException {
        String main = JOB_MAINS.get(job);
        if (main == null) {
            throw new IllegalArgumentException("unknown job " + job + " (known: " + String.join(", ", JOB_MAINS.keySet()) + ")");
        }
        List<String> command = new ArrayList<>(List.of("run", "-d"));
        savepoint.ifPresent(path -> command.addAll(List.of("-s", path)));
        command.addAll(List.of("-c", main, jar.toAbsolutePath().toString()));
        command.addAll(mainArguments);
        String output = flink(command);
        Matcher id = JOB_ID.matcher(output);
        if (!id.find()) {
            throw new IllegalStateException("flink run " + job + " gave no job id:\n" + output);
        }
        return id.group(1);
    }

    /**
     * The shaded jobs jar that {@code mvn package} builds in {@code jobsTarget} ({@code jobs/target}).
     *
     * @throws IllegalArgumentException when there is none yet
     */
    public static Path shadedJar(Path jobsTarget) throws IOException {
        try (Stream<Path> files = Files.list(jobsTarget)) {
            return files.filter(file -> file.getFileName().toString().matches("wecom-flow-jobs-.*-flink-job\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--jar: no shaded jar in " + jobsTarget + " (./run build makes it)"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("--jar: no folder " + jobsTarget + " (./run build makes the jar)");
        }
    }

    /** {@code bin/flink stop --savepointPath}: the job ends after a savepoint it can be resubmitted from. */
    public String stopWithSavepoint(String jobId) throws IOException, InterruptedException {
        String output = flink(List.of("stop", "--savepointPath", dir.resolve("savepoints").toUri().toString(), jobId));
        Matcher path = SAVEPOINT.matcher(output);
        if (!path.find()) {
            throw new IllegalStateException("flink stop " + jobId + " reported no savepoint:\n" + output);
        }
        return path.group(1);
    }

    /** {@code bin/flink cancel}: the job ends; its last checkpoint is retained. */
    public void cancel(String jobId) throws IOException, InterruptedException {
        flink(List.of("cancel", jobId));
    }

    /** Kills the newest TaskManager with SIGKILL, as a crashed machine would. */
    public void killTaskManager() throws IOException, InterruptedException {
        List<Long> pids = pids("taskexecutor");
        if (pids.isEmpty()) {
            throw new IllegalStateException("no TaskManager is running");
        }
        long pid = pids.get(pids.size() - 1);
        // SIGKILL on Unix: no shutdown hook, no graceful close.
        ProcessHandle.of(pid).ifPresent(process -> {
            process.destroyForcibly();
            process.onExit().join();
        });
        Files.write(pidFile("taskexecutor"),
                pids.subList(0, pids.size() - 1).stream().map(Object::toString).toList(), StandardCharsets.UTF_8);
    }

    public void startTaskManager() throws IOException, InterruptedException {
        daemon("taskmanager.sh", "start");
    }

    /** A job as the JobManager's REST API reports it. */
    public record JobStatus(String id, String name, String state) {}

    public List<JobStatus> jobs() throws IOException, InterruptedException {
        List<JobStatus> jobs = new ArrayList<>();
        for (JsonNode job : rest("/jobs/overview").path("jobs")) {
            jobs.add(new JobStatus(job.path("jid").asText(), job.path("name").asText(), job.path("state").asText()));
        }
        return jobs;
    }

    /**
     * How many times a job failed (and was restarted by the restart strategy): the entries of its
     * exception history, which the JobManager keeps for every failure, whichever tasks it restarted.
     */
    public long failures(String jobId) throws IOException, InterruptedException {
        return rest("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries").size();
    }

    /** The ids of the checkpoints a job has completed, as the JobManager reports them. */
    public long completedCheckpoints(String jobId) throws IOException, InterruptedException {
        return rest("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    private JsonNode rest(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(restUrl() + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Flink REST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return Json.MAPPER.readTree(response.body());
    }

    private void awaitSlots(int slots, Progress progress) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try {
                JsonNode overview = rest("/overview");
                if (overview.path("slots-total").asInt() >= slots) {
                    return;
                }
            } catch (IOException notYet) {
                // The JobManager's REST endpoint comes up a few seconds after its process.
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Flink cluster offered no " + slots + " slots within "
                        + START_TIMEOUT.toMinutes() + " minutes; see the logs in " + dir.resolve("log"));
            }
            progress.update("waiting for the TaskManager to offer " + slots + " slots");
            Thread.sleep(500);
        }
    }

    private void startBroker() throws IOException, InterruptedException {
        Path bootstrap = dir.resolve(BOOTSTRAP_FILE);
        Files.deleteIfExists(bootstrap);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process broker = new ProcessBuilder(java, "-Xmx1g", "-XX:+UseParallelGC",
                "-cp", System.getProperty("java.class.path"),
                WeComFlowCli.class.getName(), "broker", "--bootstrap-file", bootstrap.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("log/broker.log").toFile())
                .start();
        Files.writeString(pidFile("broker"), broker.pid() + "\n", StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(bootstrap)) {
            if (!broker.isAlive()) {
                throw new IllegalStateException("the Kafka broker did not start; see " + dir.resolve("log/broker.log"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Kafka broker was not ready within " + START_TIMEOUT.toMinutes() + " minutes");
            }
            Thread.sleep(200);
        }
    }

    /**
     * The cluster's own {@code config.yaml}: the distribution's, flattened, with what this machine
     * needs on top (loopback, free ports, slots) and the production state settings of the README.
     */
    private void writeConfiguration(Settings settings) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode config = yaml.createObjectNode();
        flatten("", yaml.readTree(flinkHome.resolve("conf/config.yaml").toFile()), config);
        int restPort = freePort();
        Map<String, String> own = new LinkedHashMap<>();
        own.put("jobmanager.rpc.address", "localhost");
        own.put("jobmanager.rpc.port", Integer.toString(freePort()));
        own.put("jobmanager.bind-host", "localhost");
        own.put("jobmanager.memory.process.size", "1024m");
        own.put("taskmanager.host", "localhost");
        own.put("taskmanager.bind-host", "localhost");
        own.put("taskmanager.numberOfTaskSlots", Integer.toString(settings.slots()));
        own.put("taskmanager.memory.process.size", settings.taskManagerMemory());
        own.put("rest.address", "localhost");
        own.put("rest.bind-address", "localhost");
        own.put("rest.port", Integer.toString(restPort));
        own.put("parallelism.default", "2");
        own.put("state.backend.type", "rocksdb");
        own.put("execution.checkpointing.incremental", "true");
        own.put("execution.checkpointing.interval", settings.checkpointInterval().toMillis() + " ms");
        own.put("execution.checkpointing.dir", checkpoints().toUri().toString());
        own.put("execution.checkpointing.savepoint-dir", dir.resolve("savepoints").toUri().toString());
        own.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        own.put("restart-strategy.type", "exponential-delay");
        own.put("restart-strategy.exponential-delay.initial-backoff", "1 s");
        own.put("restart-strategy.exponential-delay.max-backoff", settings.maxRestartDelay().toMillis() + " ms");
        own.forEach(config::put);
        yaml.writeValue(dir.resolve("conf/config.yaml").toFile(), config);
        try (Stream<Path> files = Files.list(flinkHome.resolve("conf"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("(log4j|logback).*")).toList()) {
                Files.copy(file, dir.resolve("conf").resolve(file.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(dir.resolve(REST_FILE), "http://localhost:" + restPort + "\n", StandardCharsets.UTF_8);
    }

    private static void flatten(String prefix, JsonNode node, ObjectNode into) {
        if (!node.isObject()) {
            into.set(prefix, node);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private String flink(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(flinkHome.resolve("bin/flink").toString());
        command.addAll(arguments);
        return run(command, Duration.ofMinutes(5));
    }

    private void daemon(String script, String action) throws IOException, InterruptedException {
        run(List.of(flinkHome.resolve("bin").resolve(script).toString(), action), Duration.ofMinutes(2));
    }

    /** Runs one of Flink's scripts with this cluster's configuration; a failure carries the script's output. */
    private String run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("FLINK_CONF_DIR", dir.resolve("conf").toString());
        builder.environment().put("FLINK_LOG_DIR", dir.resolve("log").toString());
        builder.environment().put("FLINK_PID_DIR", dir.resolve("pids").toString());
        builder.environment().put("FLINK_IDENT_STRING", "wecom-flow");
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output;
        try {
            output = process.getInputStream().readAllBytes();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (!process.waitFor(timeout.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout.toMinutes() + " minutes");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command.get(0).substring(command.get(0).lastIndexOf('/') + 1) + " "
                    + String.join(" ", command.subList(1, command.size())) + " failed (exit " + process.exitValue() + "):\n" + text);
        }
        return text;
    }

    private Path pidFile(String daemon) {
        return dir.resolve("pids").resolve("flink-wecom-flow-" + daemon + ".pid");
    }

    private List<Long> pids(String daemon) throws IOException {
        Path file = pidFile(daemon);
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(line -> !line.isEmpty()).map(Long::parseLong).toList();
    }

    private static Map<String, String> jobMains() {
        Map<String, String> mains = new LinkedHashMap<>();
        mains.put(MemberActivityJob.NAME, MemberActivityJob.class.getName());
        mains.put(CheckinStreaksJob.NAME, CheckinStreaksJob.class.getName());
        mains.put(ChannelConversionJob.NAME, ChannelConversionJob.class.getName());
        mains.put(SensitiveWordsJob.NAME, SensitiveWordsJob.class.getName());
        mains.put(ChannelCatalogueJob.NAME, ChannelCatalogueJob.class.getName());
        return java.util.Collections.unmodifiableMap(mains);
    }
}
