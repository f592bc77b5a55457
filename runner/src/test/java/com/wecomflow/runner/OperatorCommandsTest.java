package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.kafka.TopicReader;
import com.wecomflow.kafka.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** topics, rules and tail against a real in-process broker. */
class OperatorCommandsTest {

    private static final String CASHBACK = "{\"rule_id\":\"cashback\",\"type\":\"keyword\",\"words\":[\"返现\"],\"severity\":\"high\"}";
    private static final String WECHAT = "{\"rule_id\":\"wechat\",\"type\":\"keyword\",\"words\":[\"加微信\"]}";

    @TempDir
    static Path brokerDirectory;

    @TempDir
    Path dir;

    private static LocalKafkaBroker kafka;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = LocalKafkaBroker.start(brokerDirectory.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    @BeforeEach
    void captureOutput() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOutput() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void topicsCreateMakesEveryTopicWithItsPolicyAndIsSafeToRunAgain() throws Exception {
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(Topics.CALLBACK_EVENTS, Topics.COMPLIANCE_RULES, Topics.CHANNELS, Topics.DEAD_LETTER))
                    .all().get();
            awaitGone(admin, Set.of(Topics.CALLBACK_EVENTS, Topics.COMPLIANCE_RULES, Topics.CHANNELS, Topics.DEAD_LETTER));

            assertThat(run("topics", "create", "--partitions", "4", "--replication-factor", "1",
                    "--bootstrap-servers", kafka.bootstrapServers())).isZero();

            assertThat(stdout()).containsExactly(
                    "created  wecom.callback.events (4 partitions, retention 7 days)",
                    "exists   wecom.archive.messages (left as it is)",
                    "created  wecom.compliance.rules (1 partition, compacted)",
                    "created  wecom.channels (1 partition, compacted)",
                    "exists   wecom.compliance.alerts (left as it is)",
                    "created  wecom.deadletter (4 partitions, retention 30 days)");
            Map<String, TopicDescription> described =
                    admin.describeTopics(List.of(Topics.CALLBACK_EVENTS, Topics.COMPLIANCE_RULES, Topics.CHANNELS, Topics.DEAD_LETTER))
                            .allTopicNames().get();
            assertThat(described.get(Topics.CALLBACK_EVENTS).partitions()).hasSize(4);
            assertThat(described.get(Topics.COMPLIANCE_RULES).partitions()).hasSize(1);
            assertThat(described.get(Topics.CHANNELS).partitions()).hasSize(1);
            assertThat(described.get(Topics.DEAD_LETTER).partitions()).hasSize(4);
            assertThat(setting(admin, Topics.COMPLIANCE_RULES, TopicConfig.CLEANUP_POLICY_CONFIG)).isEqualTo("compact");
            assertThat(setting(admin, Topics.CHANNELS, TopicConfig.CLEANUP_POLICY_CONFIG)).isEqualTo("compact");
            assertThat(setting(admin, Topics.CALLBACK_EVENTS, TopicConfig.CLEANUP_POLICY_CONFIG)).isEqualTo("delete");
            assertThat(setting(admin, Topics.CALLBACK_EVENTS, TopicConfig.RETENTION_MS_CONFIG)).isEqualTo("604800000");
            assertThat(setting(admin, Topics.DEAD_LETTER, TopicConfig.RETENTION_MS_CONFIG)).isEqualTo("2592000000");
        }

        out.reset();
        assertThat(run("topics", "create", "--bootstrap-servers", kafka.bootstrapServers())).isZero();
        assertThat(stdout()).hasSize(6).allMatch(line -> line.startsWith("exists   "));
    }

    @Test
    void topicsCreateRefusesZeroPartitionsAndAnUnreachableCluster() {
        assertThat(run("topics", "create", "--partitions", "0", "--bootstrap-servers", kafka.bootstrapServers())).isEqualTo(2);
        assertThat(stderr()).containsExactly("error: --partitions must be at least 1, got 0");
        err.reset();

        assertThat(run("topics", "create", "--bootstrap-servers", "127.0.0.1:1")).isEqualTo(2);
        assertThat(stderr()).hasSize(1);
        assertThat(stderr().get(0)).startsWith("error: --bootstrap-servers").contains("127.0.0.1:1");
    }

    @Test
    void produceChannelsPutsTheCatalogueOnItsTopicKeyedCorpSlashStateInFileOrder() throws Exception {
        String menu = "{\"corp_id\":\"ww1\",\"state\":\"wx-menu\",\"name\":\"公众号菜单\"}";
        String store = "{\"corp_id\":\"ww1\",\"state\":\"store-sz-01\",\"kind\":\"store\",\"region\":\"华南\"}";
        String renamed = menu.replace("公众号菜单", "公众号底部菜单");
        Path file = Files.writeString(dir.resolve("channels.jsonl"), "\uFEFF" + menu + "\n" + store + "\n\n" + renamed + "\n");
        long before = recordsOn(Topics.CHANNELS);

        assertThat(run("produce", "--channels", file.toString(), "--bootstrap-servers", kafka.bootstrapServers())).isZero();

        List<String> log = new ArrayList<>();
        TopicReader.readToEnd(kafka.bootstrapServers(), Topics.CHANNELS, record -> log.add(record.key() + "=" + record.value()));
        assertThat(log.subList((int) before, log.size())).containsExactly(
                "ww1/wx-menu=" + menu, "ww1/store-sz-01=" + store, "ww1/wx-menu=" + renamed);
    }

    @Test
    void rulesPutDisableDeleteAndListTheCompactedContent() throws Exception {
        Path file = Files.writeString(dir.resolve("rules.jsonl"), "\uFEFF" + CASHBACK + "\n\n" + WECHAT + "\n");
        assertThat(run("rules", "put", file.toString(), "--bootstrap-servers", kafka.bootstrapServers())).isZero();
        assertThat(stdout()).containsExactly("put rule cashback", "put rule wechat");

        assertThat(run("rules", "disable", "cashback", "--bootstrap-servers", kafka.bootstrapServers())).isZero();
        assertThat(run("rules", "delete", "wechat", "--bootstrap-servers", kafka.bootstrapServers())).isZero();
        String phone = "{\"rule_id\":\"builtin.phone\",\"enabled\":false}";
        assertThat(run("rules", "put", "--rule", phone, "--bootstrap-servers", kafka.bootstrapServers())).isZero();

        List<String> log = new ArrayList<>();
        TopicReader.readToEnd(kafka.bootstrapServers(), Topics.COMPLIANCE_RULES,
                record -> log.add(record.key() + "=" + record.value()));
        assertThat(log).containsExactly(
                "cashback=" + CASHBACK,
                "wechat=" + WECHAT,
                "cashback={\"rule_id\":\"cashback\",\"type\":\"keyword\",\"words\":[\"返现\"],\"severity\":\"high\",\"enabled\":false}",
                "wechat=null",
                "builtin.phone=" + phone);

        out.reset();
        err.reset();
        assertThat(run("rules", "list", "--bootstrap-servers", kafka.bootstrapServers())).isZero();
        assertThat(stdout()).containsExactly(
                "{\"rule_id\":\"cashback\",\"type\":\"keyword\",\"words\":[\"返现\"],\"severity\":\"high\",\"enabled\":false}",
                phone);
        assertThat(stderr()).containsExactly("2 rules on wecom.compliance.rules");
    }

    @Test
    void aBadRuleLineIsOneErrorAndNothingIsProduced() throws Exception {
        long before = recordsOn(Topics.COMPLIANCE_RULES);
        Path file = Files.writeString(dir.resolve("rules.jsonl"),
                "{\"rule_id\":\"fine\",\"type\":\"keyword\",\"words\":[\"返现\"]}\n"
                        + "{\"rule_id\":\"broken\",\"type\":\"regex\",\"pattern\":\"(unclosed\"}\n");

        assertThat(run("rules", "put", file.toString(), "--bootstrap-servers", kafka.bootstrapServers())).isEqualTo(2);

        assertThat(stderr()).hasSize(1);
        assertThat(stderr().get(0)).startsWith("error: " + file + " line 2: rule broken: invalid regex");
        assertThat(recordsOn(Topics.COMPLIANCE_RULES)).isEqualTo(before);
        assertThat(stdout()).isEmpty();
    }

    @Test
    void aRulesFileLineThatIsNotUtf8IsOneErrorNamingTheLineAndNothingIsProduced() throws Exception {
        long before = recordsOn(Topics.COMPLIANCE_RULES);
        Path file = dir.resolve("gbk-rules.jsonl");
        Files.write(file, (CASHBACK + "\n").getBytes(StandardCharsets.UTF_8));
        Files.write(file, (WECHAT + "\n").getBytes(Charset.forName("GBK")), StandardOpenOption.APPEND);

        assertThat(run("rules", "put", file.toString(), "--bootstrap-servers", kafka.bootstrapServers())).isEqualTo(2);

        assertThat(stderr()).singleElement().asString()
                .startsWith("error: " + file + " line 2: not valid UTF-8 (invalid byte at offset ");
        assertThat(recordsOn(Topics.COMPLIANCE_RULES)).isEqualTo(before);
        assertThat(stdout()).isEmpty();
    }

    @Test
    void rulesRefuseAnUnknownRuleAndAMissingArgument() {
        assertThat(run("rules", "disable", "no-such-rule", "--bootstrap-servers", kafka.bootstrapServers())).isEqualTo(2);
        assertThat(stderr()).containsExactly(
                "error: no rule no-such-rule on wecom.compliance.rules (see ./run rules list)");
        err.reset();
        assertThat(run("rules", "put", "--bootstrap-servers", kafka.bootstrapServers())).isEqualTo(2);
        assertThat(stderr()).containsExactly("error: give a rules FILE or --rule JSON (one of them)");
    }

    @Test
    void tailPrintsKeysAndValuesFromTheBeginningUpToMax() throws Exception {
        try (KafkaProducer<String, String> producer = OperatorKafka.producer(kafka.bootstrapServers())) {
            for (int i = 1; i <= 3; i++) {
                producer.send(new ProducerRecord<>(Topics.DEAD_LETTER, 0, "key-" + i, "{\"n\":" + i + "}")).get();
            }
        }

        assertThat(run("tail", Topics.DEAD_LETTER, "--from-beginning", "--max", "2",
                "--bootstrap-servers", kafka.bootstrapServers())).isZero();

        assertThat(stdout()).containsExactly("0:0\tkey-1\t{\"n\":1}", "0:1\tkey-2\t{\"n\":2}");
    }

    @Test
    void tailWithoutFromBeginningShowsOnlyRecordsThatArriveAfterItStarted() throws Exception {
        try (KafkaProducer<String, String> producer = OperatorKafka.producer(kafka.bootstrapServers())) {
            producer.send(new ProducerRecord<>(Topics.COMPLIANCE_ALERTS, "old", "before tail")).get();
            Callable<Integer> tail = () -> run("tail", Topics.COMPLIANCE_ALERTS, "--max", "1",
                    "--bootstrap-servers", kafka.bootstrapServers());
            var result = java.util.concurrent.Executors.newSingleThreadExecutor().submit(tail);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!result.isDone() && System.nanoTime() < deadline) {
                producer.send(new ProducerRecord<>(Topics.COMPLIANCE_ALERTS, "new", "after tail")).get();
                Thread.sleep(200);
            }
            assertThat(result.get()).isZero();
        }
        assertThat(stdout()).hasSize(1);
        assertThat(stdout().get(0)).endsWith("\tnew\tafter tail");
    }

    @Test
    void tailOfAnUnknownTopicNamesTheKnownOnes() {
        assertThat(run("tail", "wecom.nope", "--max", "1", "--bootstrap-servers", kafka.bootstrapServers())).isEqualTo(2);
        assertThat(stderr()).hasSize(1);
        assertThat(stderr().get(0)).startsWith("error: TOPIC: no topic wecom.nope").contains(Topics.DEAD_LETTER);
    }

    @Test
    void rulesListGivesUpOnAnUnreachableBrokerWithinItsPatience() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        long started = System.nanoTime();

        int status = run("rules", "list", "--bootstrap-servers", "127.0.0.1:" + closedPort);

        assertThat(status).isEqualTo(2);
        assertThat(stderr()).containsExactly("error: --bootstrap-servers: no Kafka broker at 127.0.0.1:" + closedPort
                + " answered within 15s");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(30));
    }

    private static int run(String... args) {
        return WeComFlowCli.execute(args);
    }

    private List<String> stdout() {
        return lines(out);
    }

    private List<String> stderr() {
        return lines(err);
    }

    private static List<String> lines(ByteArrayOutputStream stream) {
        String text = stream.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static long recordsOn(String topic) {
        long[] count = new long[1];
        TopicReader.readToEnd(kafka.bootstrapServers(), topic, record -> count[0]++);
        return count[0];
    }

    private static Admin admin() {
        Properties properties = new Properties();
        properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return Admin.create(properties);
    }

    private static void awaitGone(Admin admin, Set<String> topics) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (admin.listTopics().names().get().stream().anyMatch(topics::contains)) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static String setting(Admin admin, String topic, String name) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        return config.get(name).value();
    }
}
