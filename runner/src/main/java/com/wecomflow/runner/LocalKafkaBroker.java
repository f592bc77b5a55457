package com.wecomflow.runner;

import com.wecomflow.kafka.Topics;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker (KRaft, one combined broker/controller node) inside this JVM, with the
 * contract's topics created: the local runner's stand-in for a Kafka cluster.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    /** Input topics get several partitions, so that the jobs see cross-partition disorder as in production. */
    public static final int INPUT_PARTITIONS = 2;

    private final KafkaClusterTestKit cluster;

    private LocalKafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static LocalKafkaBroker start(Path dataDirectory) throws Exception {
        // Loopback only: the kit's listeners name localhost, and its controller socket is bound there too.
        KafkaClusterTestKit cluster = LoopbackSocketFactoryManager.installIn(new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBaseDirectory(dataDirectory)
                        .build()))
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("message.max.bytes", Integer.toString(InputProducer.MAX_RECORD_BYTES + 64 * 1024))
                // A cluster that has run for a while deletes what is past a topic's retention within minutes; a
                // local run lasts about that long, so its broker applies retention from its first second and every
                // second (instead of from 30 s and every 5 minutes) and shows what that cluster's consumers would.
                .setConfigProp("log.initial.task.delay.ms", "1000")
                .setConfigProp("log.retention.check.interval.ms", "1000")
                .setDeleteOnClose(true)
                .build();
        try {
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            LocalKafkaBroker broker = new LocalKafkaBroker(cluster);
            broker.createContractTopics();
            return broker;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** Formatting the storage prints to standard output; the runner's output is its own. */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            cluster.format();
        } finally {
            System.setOut(stdout);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    private void createContractTopics() throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(Topics.CALLBACK_EVENTS, INPUT_PARTITIONS, (short) 1));
        topics.add(new NewTopic(Topics.ARCHIVE_MESSAGES, INPUT_PARTITIONS, (short) 1));
        topics.add(new NewTopic(Topics.COMPLIANCE_RULES, 1, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        topics.add(new NewTopic(Topics.CHANNELS, 1, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        topics.add(new NewTopic(Topics.COMPLIANCE_ALERTS, INPUT_PARTITIONS, (short) 1));
        topics.add(new NewTopic(Topics.DEAD_LETTER, 1, (short) 1));
        Properties properties = new Properties();
        properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(topics).all().get();
            awaitLeaders(admin, topics);
        }
    }

    /**
     * Waits until the broker serves every partition as its leader. Its metadata names it leader a
     * moment before it has opened the partition's log (the metadata cache is published first), and
     * an idempotent producer sending in that moment is refused its first batch while the next ones
     * are taken; the first batch can then never be written (out of order) until its delivery times
     * out. A partition answers a request for its latest offset only from its open leader log.
     */
    private static void awaitLeaders(Admin admin, List<NewTopic> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (NewTopic topic : topics) {
            for (int partition = 0; partition < topic.numPartitions(); partition++) {
                partitions.put(new TopicPartition(topic.name(), partition), OffsetSpec.latest());
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!everyPartitionServed(admin, partitions)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the local Kafka broker did not lead " + partitions.keySet() + " within 60 s");
            }
            Thread.sleep(50);
        }
    }

    /** Whether the broker answers for every partition as its leader; a partition it does not lead yet is a retriable error. */
    private static boolean everyPartitionServed(Admin admin, Map<TopicPartition, OffsetSpec> partitions) throws Exception {
        try {
            admin.listOffsets(partitions, new ListOffsetsOptions().timeoutMs(5_000)).all().get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
