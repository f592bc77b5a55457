package com.wecomflow.runner;

import com.wecomflow.kafka.TopicReader;
import com.wecomflow.kafka.WeComKafka;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka clients for the operator commands (topics, rules, tail): every wait is bounded, so an
 * unreachable cluster is one {@code error:} line naming {@code --bootstrap-servers} after a few
 * seconds instead of a minute of retries and a stack trace.
 */
final class OperatorKafka {

    /** The same patience as {@link TopicReader}'s, so every operator command gives up alike. */
    static final Duration PATIENCE = TopicReader.PATIENCE;

    private OperatorKafka() {}

    static Admin admin(String bootstrapServers) {
        Properties properties = new Properties();
        properties.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.setProperty(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(PATIENCE.toMillis()));
        properties.setProperty(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(PATIENCE.toMillis() / 2));
        return create(bootstrapServers, () -> Admin.create(properties));
    }

    static KafkaProducer<String, String> producer(String bootstrapServers) {
        Properties properties = WeComKafka.producerSettings(bootstrapServers);
        properties.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(PATIENCE.toMillis()));
        properties.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(PATIENCE.toMillis() / 2));
        properties.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(PATIENCE.toMillis()));
        return create(bootstrapServers,
                () -> new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer()));
    }

    /** A consumer outside any group (it is assigned partitions, commits nothing), reading committed records only. */
    static KafkaConsumer<String, String> consumer(String bootstrapServers) {
        Properties properties = new Properties();
        properties.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.setProperty(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(PATIENCE.toMillis()));
        return create(bootstrapServers,
                () -> new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer()));
    }

    /** The result of an admin or producer future; a cluster that does not answer is a one-line error. */
    static <T> T await(java.util.concurrent.Future<T> future, String bootstrapServers) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw unreachable(bootstrapServers, e.getCause());
        }
    }

    static IllegalArgumentException unreachable(String bootstrapServers, Throwable cause) {
        if (cause instanceof TimeoutException) {
            return new IllegalArgumentException("--bootstrap-servers: no Kafka broker at " + bootstrapServers
                    + " answered within " + PATIENCE.toSeconds() + "s");
        }
        return new IllegalArgumentException("--bootstrap-servers " + bootstrapServers + ": " + cause.getMessage());
    }

    private static <T> T create(String bootstrapServers, java.util.function.Supplier<T> client) {
        try {
            return client.get();
        } catch (KafkaException e) {
            // A malformed address is refused here, before any connection.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException("--bootstrap-servers " + bootstrapServers + ": " + cause.getMessage());
        }
    }
}
