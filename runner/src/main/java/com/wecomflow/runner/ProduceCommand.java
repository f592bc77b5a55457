package com.wecomflow.runner;

import com.wecomflow.kafka.RecordKeys;
import com.wecomflow.kafka.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./run produce}: loads WeCom callback and archive files (JSON lines, as {@code ./run replay}
 * takes them) into the input topics of a running Kafka cluster, keyed as the ingress keys them: a
 * backfill of history, or a test tenant for a cluster's jobs.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Produce callback and archive files (JSON lines) into the input topics of a Kafka cluster.")
final class ProduceCommand implements Callable<Integer> {

    @Option(names = "--callbacks", paramLabel = "FILE", description = "callback events, JSON lines")
    Path callbacks;

    @Option(names = "--messages", paramLabel = "FILE", description = "archive messages, JSON lines")
    Path messages;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOSTS", description = "the Kafka cluster")
    String bootstrapServers;

    @Override
    public Integer call() throws Exception {
        if (callbacks == null && messages == null) {
            throw new IllegalArgumentException("give --callbacks, --messages or both");
        }
        for (Path file : new Path[] {callbacks, messages}) {
            if (file != null && !Files.isReadable(file)) {
                throw new IllegalArgumentException("cannot read file " + file);
            }
        }
        Progress progress = new Progress(System.out);
        try (InputProducer producer = new InputProducer(bootstrapServers)) {
            if (callbacks != null) {
                producer.produce(callbacks, Topics.CALLBACK_EVENTS, RecordKeys::callbackKey, progress);
            }
            if (messages != null) {
                producer.produce(messages, Topics.ARCHIVE_MESSAGES, RecordKeys::archiveKey, progress);
            }
        }
        return 0;
    }
}
