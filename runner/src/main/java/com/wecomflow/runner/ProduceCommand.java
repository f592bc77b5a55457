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
 * backfill of history, or a test tenant for a cluster's jobs; and a channel catalogue onto its
 * topic, keyed {@code corp/state}.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Produce callback and archive files (JSON lines) into the input topics of a Kafka cluster, "
                + "and a channel catalogue onto " + Topics.CHANNELS + ".")
final class ProduceCommand implements Callable<Integer> {

    @Option(names = "--callbacks", paramLabel = "FILE", description = "callback events, JSON lines")
    Path callbacks;

    @Option(names = "--messages", paramLabel = "FILE", description = "archive messages, JSON lines")
    Path messages;

    @Option(names = "--channels", paramLabel = "FILE",
            description = "channel catalogue entries, JSON lines (a later line for the same corp_id and state replaces an earlier one)")
    Path channels;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOSTS", description = "the Kafka cluster")
    String bootstrapServers;

    @Override
    public Integer call() throws Exception {
        if (callbacks == null && messages == null && channels == null) {
            throw new IllegalArgumentException("give --callbacks, --messages, --channels or several");
        }
        for (Path file : new Path[] {callbacks, messages, channels}) {
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
            if (channels != null) {
                producer.produce(channels, Topics.CHANNELS, RecordKeys::channelKey, progress);
            }
        }
        return 0;
    }
}
