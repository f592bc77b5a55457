package com.wecomflow.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.kafka.RecordKeys;
import com.wecomflow.kafka.Topics;
import com.wecomflow.parse.Json;
import com.wecomflow.records.ResultTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One run of the production path on a real standalone Flink cluster ({@link StandaloneCluster},
 * the same code as {@code ./run cluster}): the jobs submitted with {@code bin/flink run} and the
 * shaded jar, input produced into the cluster's own broker, and what the jobs wrote read back.
 */
final class ClusterRun implements AutoCloseable {

    /** The input topics each job's consumer group (named after the job) reads. */
    private static final Map<String, List<String>> INPUTS = Map.of(
            "member-activity", List.of(Topics.CALLBACK_EVENTS, Topics.ARCHIVE_MESSAGES),
            "checkin-streaks", List.of(Topics.ARCHIVE_MESSAGES),
            "channel-conversion", List.of(Topics.CALLBACK_EVENTS, Topics.ARCHIVE_MESSAGES),
            "sensitive-words", List.of(Topics.ARCHIVE_MESSAGES),
            "channel-catalogue", List.of(Topics.CHANNELS));

    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(6);

    final StandaloneCluster cluster;
    final Path results;
    private final Path jar;
    private final Map<String, String> jobIds = new LinkedHashMap<>();

    private ClusterRun(StandaloneCluster cluster, Path results, Path jar) {
        this.cluster = cluster;
        this.results = results;
        this.jar = jar;
    }

    /** Brings a cluster up under {@code dir}: a JobManager, a TaskManager and a broker, each its own process. */
    static ClusterRun up(Path dir) throws Exception {
        Path repository = Path.of("..").toAbsolutePath().normalize();
        StandaloneCluster cluster = new StandaloneCluster(repository.resolve(".flink/dist/pyflink"), dir.resolve("cluster"));
        // Checkpoints every 2 s and restarts within 5 s keep the suite short; production defaults are longer.
        cluster.up(new StandaloneCluster.Settings(10, "3072m", Duration.ofSeconds(2), Duration.ofSeconds(5)), Progress.silent());
        return new ClusterRun(cluster, dir.resolve("results"), StandaloneCluster.shadedJar(repository.resolve("jobs/target")));
    }

    String bootstrapServers() throws IOException {
        return cluster.bootstrapServers();
    }

    /**
     * A generated tenant's rules and channel catalogue onto their compacted topics, as
     * {@code ./run rules put} and {@code ./run produce --channels} do.
     */
    void putRulesAndCatalogue(Path tenant) throws Exception {
        putRules(tenant.resolve(TenantGenerator.RULES_FILE));
        try (InputProducer producer = new InputProducer(bootstrapServers())) {
            producer.produce(tenant.resolve(TenantGenerator.CHANNELS_FILE), Topics.CHANNELS, RecordKeys::channelKey,
                    Progress.silent());
        }
    }

    /** The valid rules of a rules file onto the rules topic, as {@code ./run rules put} does. */
    private void putRules(Path rulesFile) throws Exception {
        List<RulesCommand.RuleRecord> rules = new ArrayList<>();
        for (String line : Files.readAllLines(rulesFile, StandardCharsets.UTF_8)) {
            try {
                rules.add(RulesCommand.validated(line, rulesFile.toString()));
            } catch (IllegalArgumentException brokenOnPurpose) {
                // The generated tenant has one broken rule on purpose; the rules command refuses such a file.
            }
        }
        RulesCommand.produce(bootstrapServers(), rules);
    }

    void produce(Path callbacks, Path messages) throws Exception {
        try (InputProducer producer = new InputProducer(bootstrapServers())) {
            producer.produce(callbacks, Topics.CALLBACK_EVENTS, RecordKeys::callbackKey, Progress.silent());
            producer.produce(messages, Topics.ARCHIVE_MESSAGES, RecordKeys::archiveKey, Progress.silent());
        }
    }

    /**
     * Puts one record on every partition of both input topics, ten days after the tenant's last
     * callback, that every job parses and no table counts (a contact edit, an archive switch). A
     * streaming job has no end of input: without these, the days still open when the input ends
     * depend on which partition went idle first. With them, every run ends at the same watermark.
     */
    void closeEveryDay(Path callbacks) throws Exception {
        long lastSecond = 0;
        String corpId = null;
        for (String line : Files.readAllLines(callbacks, StandardCharsets.UTF_8)) {
            try {
                JsonNode event = Json.MAPPER.readTree(line);
                if (event.path("CreateTime").canConvertToLong()) {
                    lastSecond = Math.max(lastSecond, event.path("CreateTime").asLong());
                    corpId = event.path("ToUserName").asText();
                }
            } catch (IOException malformedOnPurpose) {
                // The tenant holds a few malformed lines; they carry no time.
            }
        }
        long closing = lastSecond + Duration.ofDays(10).toSeconds();
        Properties properties = com.wecomflow.kafka.WeComKafka.producerSettings(bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
                Admin admin = admin()) {
            for (String topic : List.of(Topics.CALLBACK_EVENTS, Topics.ARCHIVE_MESSAGES)) {
                int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
                for (int partition = 0; partition < partitions; partition++) {
                    String value = topic.equals(Topics.CALLBACK_EVENTS)
                            ? "{\"ToUserName\":\"" + corpId + "\",\"FromUserName\":\"sys\",\"CreateTime\":" + closing
                                    + ",\"MsgType\":\"event\",\"Event\":\"change_external_contact\",\"ChangeType\":\"edit_external_contact\","
                                    + "\"UserID\":\"closing\",\"ExternalUserID\":\"wmClosing" + partition + "\"}"
                            : "{\"msgid\":\"closing_" + partition + "\",\"action\":\"switch\",\"corpid\":\"" + corpId
                                    + "\",\"time\":" + closing * 1000 + ",\"user\":\"closing\"}";
                    producer.send(new ProducerRecord<>(topic, partition, "closing-" + partition, value)).get();
                }
            }
        }
    }

    /** Every job through {@code bin/flink run} with the production arguments; from savepoints when given. */
    void submitAll(List<String> sinkArguments, Map<String, String> savepoints) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--bootstrap-servers", bootstrapServers()));
        arguments.addAll(sinkArguments);
        for (String job : StandaloneCluster.JOB_MAINS.keySet()) {
            jobIds.put(job, cluster.submit(jar, job, arguments, Optional.ofNullable(savepoints.get(job))));
        }
    }

    void submitAll() throws Exception {
        submitAll(List.of("--results-dir", results.toString()), Map.of());
    }

    Map<String, String> jobIds() {
        return Map.copyOf(jobIds);
    }

    /** Stops every job with a savepoint, as an upgrade does; returns each job's savepoint. */
    Map<String, String> stopWithSavepoints() throws Exception {
        Map<String, String> savepoints = new HashMap<>();
        for (Map.Entry<String, String> job : jobIds.entrySet()) {
            savepoints.put(job.getKey(), cluster.stopWithSavepoint(job.getValue()));
        }
        jobIds.clear();
        return savepoints;
    }

    /** Waits until every job has completed a checkpoint: its first rows are out and its offsets committed. */
    void awaitCheckpointOfEveryJob() throws Exception {
        awaitUntil(() -> {
            for (String id : jobIds.values()) {
                if (cluster.completedCheckpoints(id) < 1) {
                    return false;
                }
            }
            return true;
        }, "a first completed checkpoint of every job");
    }

    /**
     * Waits until every job has committed offsets at the end of every input it reads (so everything
     * before them is flushed to the sinks) and has then completed two more checkpoints (so what the
     * last watermarks fired is flushed too).
     */
    void awaitSettled() throws Exception {
        awaitUntil(this::everyInputCommitted, "every job's offsets at the end of its input");
        Map<String, Long> checkpoints = new HashMap<>();
        for (String id : jobIds.values()) {
            checkpoints.put(id, cluster.completedCheckpoints(id));
        }
        awaitUntil(() -> {
            for (String id : jobIds.values()) {
                if (cluster.completedCheckpoints(id) < checkpoints.get(id) + 2) {
                    return false;
                }
            }
            return true;
        }, "two more checkpoints of every job");
    }

    private boolean everyInputCommitted() throws Exception {
        try (Admin admin = admin()) {
            for (Map.Entry<String, List<String>> job : INPUTS.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(job.getKey()).partitionsToOffsetAndMetadata().get();
                for (Map.Entry<TopicPartition, Long> end : endOffsets(admin, job.getValue()).entrySet()) {
                    OffsetAndMetadata offset = committed.get(end.getKey());
                    if (end.getValue() > 0 && (offset == null || offset.offset() < end.getValue())) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (var description : admin.describeTopics(topics).allTopicNames().get().values()) {
            description.partitions().forEach(partition ->
                    latest.put(new TopicPartition(description.name(), partition.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end
                : admin.listOffsets(latest).all().get().entrySet()) {
            ends.put(end.getKey(), end.getValue().offset());
        }
        return ends;
    }

    /** How many times the jobs failed (each failure restarts the job), summed. */
    long failures() throws Exception {
        long failures = 0;
        for (String id : jobIds.values()) {
            failures += cluster.failures(id);
        }
        return failures;
    }

    /**
     * Each table's final rows (highest version per key, deleted rows left out), sorted, without
     * what differs between two correct runs: the row version and an alert's processing-time
     * {@code detected_at}.
     */
    Map<ResultTable, List<String>> finalTables() throws IOException {
        Map<ResultTable, List<String>> tables = new TreeMap<>();
        Path reduced = Files.createDirectories(results.resolveSibling("final"));
        for (ResultTable table : ResultTable.values()) {
            Path file = reduced.resolve(table.tableName() + ".jsonl");
            FinalTables.reduce(results.resolve(table.tableName()), table, file);
            tables.put(table, comparable(Replays.readLines(file)));
        }
        return tables;
    }

    /** The alert topic as a {@code read_committed} consumer sees it, comparable across runs, in topic order per partition. */
    /**
     * The committed alert stream as a consumer applying it in order ends with: the last record of
     * each alert_id (a monitor moves or takes back its alert under the same key), retracted ones gone.
     */
    List<String> committedAlerts() throws Exception {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        for (JsonNode alert : committedAlertRecords()) {
            latest.put(alert.get("alert_id").asText(), alert);
        }
        return comparable(latest.values().stream().filter(alert -> !alert.get("retracted").asBoolean()).toList());
    }

    /** The alert_id of every committed record of a message's own alert (words, patterns, behaviour): each must come once. */
    List<String> committedMessageAlertIds() throws Exception {
        return committedAlertRecords().stream()
                .filter(alert -> !alert.get("msgid").asText().isEmpty()
                        && !alert.get("rule_id").asText().equals("builtin.reply_timeout"))
                .map(alert -> alert.get("alert_id").asText())
                .toList();
    }

    private List<JsonNode> committedAlertRecords() throws Exception {
        List<JsonNode> alerts = new ArrayList<>();
        for (String value : read(Topics.COMPLIANCE_ALERTS)) {
            alerts.add(Json.MAPPER.readTree(value));
        }
        return alerts;
    }

    private static List<String> comparable(List<JsonNode> rows) throws IOException {
        List<String> texts = new ArrayList<>();
        for (JsonNode row : rows) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) row).remove(List.of("version", "detected_at"));
            texts.add(Json.MAPPER.writeValueAsString(row));
        }
        return texts.stream().sorted().toList();
    }

    /** The dead letters, one per job and rejected record (a retried write may repeat one: at least once). */
    Map<String, JsonNode> deadLetters() throws Exception {
        Map<String, JsonNode> letters = new TreeMap<>();
        for (String value : read(Topics.DEAD_LETTER)) {
            JsonNode letter = Json.MAPPER.readTree(value);
            letters.put(letter.path("source").asText() + "-" + letter.path("partition").asText() + "-"
                    + letter.path("offset").asText() + "/" + letter.path("job").asText(), letter);
        }
        return letters;
    }

    /** A topic's values as a {@code read_committed} consumer sees them, in offset order per partition. */
    private List<String> read(String topic) throws IOException {
        return TopicExport.readAll(bootstrapServers(), topic);
    }

    private Admin admin() throws IOException {
        Properties properties = new Properties();
        properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(properties);
    }

    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    static void awaitUntil(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + SETTLE_TIMEOUT.toMinutes() + " minutes waiting for " + what);
            }
            Thread.sleep(500);
        }
    }

    @Override
    public void close() throws Exception {
        cluster.down();
    }

    static Set<String> jobNames() {
        return StandaloneCluster.JOB_MAINS.keySet();
    }
}
