package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.config.PipelineConfig;
import com.wecomflow.jobs.SensitiveWordsJob;
import com.wecomflow.kafka.Topics;
import com.wecomflow.kafka.WeComKafka;
import com.wecomflow.parse.Json;
import com.wecomflow.sinks.ResultStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running (unbounded) sensitive-words job on the real broker: a rule added on the rules topic
 * starts alerting and, once disabled there, stops, without a restart. Messages go to one chat,
 * so they are processed in the order they were produced; the test waits for each change to show.
 */
class RuleHotReloadTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String RULE = "{\"rule_id\":\"cashback\",\"type\":\"keyword\",\"words\":[\"返现\"],"
            + "\"category\":\"inducement\",\"severity\":\"medium\"";
    private static final String BEHAVIOR_RULE = "{\"rule_id\":\"customer_texts\",\"type\":\"behavior\","
            + "\"msgtypes\":[\"text\"],\"sender\":\"customer\",\"chat\":\"single\"";

    @TempDir
    Path dir;

    @Test
    void aRuleAddedAndThenDisabledOnTheTopicChangesAlertsForLaterMessagesOnly() throws Exception {
        try (LocalKafkaBroker kafka = LocalKafkaBroker.start(dir.resolve("kafka"));
                LocalFlinkCluster flink = new LocalFlinkCluster(4, 1, 300);
                KafkaProducer<String, String> producer = producer(kafka.bootstrapServers());
                KafkaConsumer<String, String> alerts = alertConsumer(kafka.bootstrapServers())) {
            flink.submit(SensitiveWordsJob.NAME, env -> SensitiveWordsJob.buildGraph(
                    env,
                    WeComKafka.rawSource(kafka.bootstrapServers(), Topics.ARCHIVE_MESSAGES, "test", false),
                    WeComKafka.rawSource(kafka.bootstrapServers(), Topics.CALLBACK_EVENTS, "test", false),
                    WeComKafka.rawSource(kafka.bootstrapServers(), Topics.COMPLIANCE_RULES, "test-rules", false),
                    List.of(),
                    SensitiveWordsJob.Sinks.of(kafka.bootstrapServers(), ResultStores.jsonLines(dir.resolve("parts")),
                            WeComKafka.deadLetterSink(kafka.bootstrapServers())),
                    PipelineConfig.defaults()));
            Map<String, Set<String>> rulesByMessage = new HashMap<>();

            // Before the rule: only the built-in phone pattern alerts.
            send(producer, "before", "返现 13800138000");
            awaitAlert(alerts, rulesByMessage, "before", "builtin.phone");

            producer.send(new ProducerRecord<>(Topics.COMPLIANCE_RULES, "cashback", RULE + "}")).get();
            int added = sendUntil(producer, alerts, rulesByMessage, "added-", "cashback", true);

            producer.send(new ProducerRecord<>(Topics.COMPLIANCE_RULES, "cashback", RULE + ",\"enabled\":false}")).get();
            int disabled = sendUntil(producer, alerts, rulesByMessage, "disabled-", "cashback", false);

            assertThat(rulesByMessage.get("before")).containsExactly("builtin.phone");
            assertThat(rulesByMessage.get("added-" + (added - 1))).contains("cashback");
            assertThat(rulesByMessage.get("disabled-" + (disabled - 1))).containsExactly("builtin.phone");
            send(producer, "after", "返现 13800138000");
            awaitAlert(alerts, rulesByMessage, "after", "builtin.phone");
            assertThat(rulesByMessage.get("after")).containsExactly("builtin.phone");

            // A behaviour rule (a customer's text in a one-to-one chat) added, then disabled, on the running job.
            producer.send(new ProducerRecord<>(Topics.COMPLIANCE_RULES, "customer_texts", BEHAVIOR_RULE + "}")).get();
            int behaviorAdded = sendUntil(producer, alerts, rulesByMessage, "behavior-added-", "customer_texts", true);
            producer.send(new ProducerRecord<>(Topics.COMPLIANCE_RULES, "customer_texts",
                    BEHAVIOR_RULE + ",\"enabled\":false}")).get();
            int behaviorDisabled = sendUntil(producer, alerts, rulesByMessage, "behavior-disabled-", "customer_texts", false);
            assertThat(rulesByMessage.get("behavior-added-" + (behaviorAdded - 1)))
                    .containsExactlyInAnyOrder("builtin.phone", "customer_texts");
            assertThat(rulesByMessage.get("behavior-disabled-" + (behaviorDisabled - 1))).containsExactly("builtin.phone");
        }
    }

    /** Sends numbered messages until one is (or is no longer) alerted by the rule; returns how many were sent. */
    private int sendUntil(KafkaProducer<String, String> producer, KafkaConsumer<String, String> alerts,
            Map<String, Set<String>> rulesByMessage, String prefix, String ruleId, boolean ruleOn) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        int sent = 0;
        while (System.nanoTime() < deadline) {
            String msgId = prefix + sent;
            send(producer, msgId, "返现 13800138000");
            sent++;
            awaitAlert(alerts, rulesByMessage, msgId, "builtin.phone");
            if (rulesByMessage.get(msgId).contains(ruleId) == ruleOn) {
                return sent;
            }
        }
        throw new AssertionError("the rule change did not show within " + PATIENCE);
    }

    private static void awaitAlert(KafkaConsumer<String, String> alerts, Map<String, Set<String>> rulesByMessage,
            String msgId, String ruleId) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!rulesByMessage.getOrDefault(msgId, Set.of()).contains(ruleId)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + ruleId + " alert for " + msgId + " within " + PATIENCE);
            }
            for (ConsumerRecord<String, String> record : alerts.poll(Duration.ofMillis(200))) {
                JsonNode alert = Json.MAPPER.readTree(record.value());
                rulesByMessage.computeIfAbsent(alert.get("msgid").asText(), id -> new HashSet<>())
                        .add(alert.get("rule_id").asText());
            }
        }
        // The message's other alerts were written in the same transaction; one more poll picks up any stragglers.
        for (ConsumerRecord<String, String> record : alerts.poll(Duration.ofMillis(100))) {
            JsonNode alert = Json.MAPPER.readTree(record.value());
            rulesByMessage.computeIfAbsent(alert.get("msgid").asText(), id -> new HashSet<>())
                    .add(alert.get("rule_id").asText());
        }
    }

    private static void send(KafkaProducer<String, String> producer, String msgId, String text) throws Exception {
        String message = "{\"msgid\":\"" + msgId + "\",\"action\":\"send\",\"from\":\"wmA\",\"tolist\":[\"lisi\"],"
                + "\"roomid\":\"\",\"msgtime\":" + System.currentTimeMillis() + ",\"msgtype\":\"text\","
                + "\"text\":{\"content\":\"" + text + "\"},\"corpid\":\"wwcorp\"}";
        producer.send(new ProducerRecord<>(Topics.ARCHIVE_MESSAGES, "wwcorp/lisi|wmA", message)).get();
    }

    private static KafkaProducer<String, String> producer(String bootstrapServers) {
        return new KafkaProducer<>(WeComKafka.producerSettings(bootstrapServers), new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> alertConsumer(String bootstrapServers) {
        Properties properties = new Properties();
        properties.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "compliance-test");
        properties.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.COMPLIANCE_ALERTS));
        return consumer;
    }
}
