package com.wecomflow.runner;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./run tail TOPIC}: prints a topic's records as they arrive, one line each:
 * {@code PARTITION:OFFSET<TAB>KEY<TAB>VALUE} (a deleted key's value is {@code null}). Reads
 * committed records only and joins no consumer group, so it never moves a job's offsets.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print the records of a topic (dead letters, alerts, what the receiver produced) until --max or Ctrl-C.")
final class TailCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TOPIC", description = "e.g. wecom.deadletter, wecom.compliance.alerts, wecom.callback.events")
    String topic;

    @Option(names = "--from-beginning", description = "start at the oldest record kept (default: only new records)")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "stop after N records (default: run until Ctrl-C)")
    Long max;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOSTS", description = "the Kafka cluster")
    String bootstrapServers;

    @Override
    public Integer call() throws Exception {
        if (max != null && max < 1) {
            throw new IllegalArgumentException("--max must be at least 1, got " + max);
        }
        try (KafkaConsumer<String, String> consumer = OperatorKafka.consumer(bootstrapServers)) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            // Resolve the positions now: "only new records" means new from the moment tail started.
            partitions.forEach(consumer::position);
            CountDownLatch stopped = new CountDownLatch(1);
            Thread wakeOnCtrlC = new Thread(() -> {
                consumer.wakeup();
                awaitQuietly(stopped);
            }, "tail-stop");
            Runtime.getRuntime().addShutdownHook(wakeOnCtrlC);
            try {
                print(consumer, System.out);
            } finally {
                stopped.countDown();
                removeQuietly(wakeOnCtrlC);
            }
        } catch (TimeoutException e) {
            throw OperatorKafka.unreachable(bootstrapServers, e);
        }
        return 0;
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, String> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("TOPIC: no topic " + topic + " on " + bootstrapServers
                    + " (known: " + String.join(", ", consumer.listTopics().keySet().stream().sorted().toList()) + ")");
        }
        return infos.stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition))
                .toList();
    }

    private void print(KafkaConsumer<String, String> consumer, PrintStream out) {
        long printed = 0;
        try {
            while (max == null || printed < max) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    out.println(record.partition() + ":" + record.offset() + "\t" + record.key() + "\t" + record.value());
                    if (max != null && ++printed >= max) {
                        break;
                    }
                }
                out.flush();
            }
        } catch (WakeupException e) {
            // Ctrl-C: stop quietly after what was printed.
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(OperatorKafka.PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (Ctrl-C): the hook is running.
        }
    }
}
