package com.wecomflow.runner;

import com.wecomflow.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./run topics create}: the contract's topics on the user's own Kafka cluster. */
@Command(name = "topics", mixinStandardHelpOptions = true, subcommands = TopicsCommand.Create.class,
        description = "Manage the Kafka topics of wecom-flow.")
final class TopicsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "name what to do: create");
    }

    /** One topic as it should be created. */
    record TopicPlan(String name, int partitions, Map<String, String> settings) {

        NewTopic newTopic(Optional<Short> replicationFactor) {
            return new NewTopic(name, Optional.of(partitions), replicationFactor).configs(settings);
        }

        String describe() {
            String cleanup = settings.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            String kept = TopicConfig.CLEANUP_POLICY_COMPACT.equals(cleanup)
                    ? "compacted"
                    : "retention " + Duration.ofMillis(Long.parseLong(settings.get(TopicConfig.RETENTION_MS_CONFIG))).toDays()
                            + " days";
            return partitions + (partitions == 1 ? " partition, " : " partitions, ") + kept;
        }
    }

    /**
     * Every topic of {@link Topics}: input topics and outputs with {@code partitions} and a
     * retention, the rules topic and the channel catalogue compacted (their content is what is in
     * force, kept for good), each in one partition so that updates keep their order.
     */
    static List<TopicPlan> plan(int partitions, int inputRetentionDays, int outputRetentionDays) {
        return List.of(
                retained(Topics.CALLBACK_EVENTS, partitions, inputRetentionDays),
                retained(Topics.ARCHIVE_MESSAGES, partitions, inputRetentionDays),
                new TopicPlan(Topics.COMPLIANCE_RULES, 1,
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                new TopicPlan(Topics.CHANNELS, 1,
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                retained(Topics.COMPLIANCE_ALERTS, partitions, outputRetentionDays),
                retained(Topics.DEAD_LETTER, partitions, outputRetentionDays));
    }

    private static TopicPlan retained(String name, int partitions, int days) {
        return new TopicPlan(name, partitions, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(days).toMillis())));
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create every topic of wecom-flow that does not exist yet (safe to run again).")
    static final class Create implements Callable<Integer> {
        @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOSTS", description = "the Kafka cluster")
        String bootstrapServers;

        @Option(names = "--partitions", defaultValue = "3",
                description = "partitions of the input, alert and dead-letter topics (default ${DEFAULT-VALUE}); the rules and channels topics have 1")
        int partitions;

        @Option(names = "--replication-factor", paramLabel = "N",
                description = "replicas of each partition (default: the cluster's default.replication.factor)")
        Short replicationFactor;

        @Option(names = "--input-retention-days", defaultValue = "7",
                description = "how long callbacks and archive messages are kept (default ${DEFAULT-VALUE})")
        int inputRetentionDays;

        @Option(names = "--output-retention-days", defaultValue = "30",
                description = "how long alerts and dead letters are kept (default ${DEFAULT-VALUE})")
        int outputRetentionDays;

        @Override
        public Integer call() throws Exception {
            positive(partitions, "--partitions");
            positive(inputRetentionDays, "--input-retention-days");
            positive(outputRetentionDays, "--output-retention-days");
            if (replicationFactor != null) {
                positive(replicationFactor, "--replication-factor");
            }
            List<TopicPlan> plan = plan(partitions, inputRetentionDays, outputRetentionDays);
            try (Admin admin = OperatorKafka.admin(bootstrapServers)) {
                Set<String> existing = OperatorKafka.await(admin.listTopics().names(), bootstrapServers);
                List<NewTopic> missing = plan.stream()
                        .filter(topic -> !existing.contains(topic.name()))
                        .map(topic -> topic.newTopic(Optional.ofNullable(replicationFactor)))
                        .toList();
                if (!missing.isEmpty()) {
                    OperatorKafka.await(admin.createTopics(missing).all(), bootstrapServers);
                    awaitVisible(admin, missing.stream().map(NewTopic::name).toList());
                }
                for (TopicPlan topic : plan) {
                    System.out.println(existing.contains(topic.name())
                            ? "exists   " + topic.name() + " (left as it is)"
                            : "created  " + topic.name() + " (" + topic.describe() + ")");
                }
            }
            return 0;
        }

        /**
         * Waits until the broker describes the new topics: a creation is acknowledged by the
         * controller before every broker's metadata shows it, and whatever runs next (a producer,
         * ./run rules put) should find them.
         */
        private void awaitVisible(Admin admin, List<String> names) throws InterruptedException {
            long deadline = System.nanoTime() + OperatorKafka.PATIENCE.toNanos();
            while (true) {
                try {
                    admin.describeTopics(names).allTopicNames().get();
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                        throw OperatorKafka.unreachable(bootstrapServers, e.getCause());
                    }
                    Thread.sleep(50);
                }
            }
        }

        private static void positive(int value, String option) {
            if (value < 1) {
                throw new IllegalArgumentException(option + " must be at least 1, got " + value);
            }
        }
    }
}
