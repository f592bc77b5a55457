package com.wecomflow.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wecomflow.kafka.RecordKeys;
import com.wecomflow.kafka.Topics;
import com.wecomflow.parse.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Moves decrypted chat-archive messages into {@code wecom.archive.messages}: each gets
 * {@code corpid} and its {@code seq}, and is keyed per chat. The last {@code seq} is
 * checkpointed only once Kafka acknowledged it and every message before it, so a crash re-sends
 * (the jobs dedupe on {@code msgid}) and never skips; a restart resumes after the checkpoint.
 *
 * <p>Messages come from an {@link ArchiveFeed}. WeCom's finance SDK (a native library that cannot
 * ship with the project) plugs in as a feed whose {@code seq} is the SDK's own: call
 * {@code GetChatData(seq = checkpoint)}, decrypt each item with {@code DecryptData}, and return
 * them with their {@code seq}.
 */
public final class ArchiveBridge {

    /** One decrypted archive message and its position in the feed. */
    public record Entry(long seq, String json) {}

    /** Where archive messages come from, in rising {@code seq} order. */
    public interface ArchiveFeed {
        /** The entries after {@code seq}; the iterator may block while it waits for more. */
        Iterator<Entry> after(long seq) throws IOException;
    }

    private final Producer<String, String> producer;
    private final String corpId;
    private final Path checkpointFile;

    public ArchiveBridge(Producer<String, String> producer, String corpId, Path checkpointFile) {
        this.producer = producer;
        this.corpId = corpId;
        this.checkpointFile = checkpointFile;
    }

    /** The last seq Kafka acknowledged (with everything before it), or 0. */
    public long checkpoint() throws IOException {
        if (!Files.exists(checkpointFile)) {
            return 0;
        }
        return Long.parseLong(Files.readString(checkpointFile, StandardCharsets.UTF_8).trim());
    }

    /**
     * Produces every entry of the feed after the checkpoint.
     *
     * @param progress told the checkpoint each time it moves
     * @return how many messages were produced
     */
    public long run(ArchiveFeed feed, LongConsumer progress) throws Exception {
        long resumeAfter = checkpoint();
        TreeSet<Long> pending = new TreeSet<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long[] acknowledged = {resumeAfter};
        long[] highestSent = {resumeAfter};
        long produced = 0;
        Iterator<Entry> entries = feed.after(resumeAfter);
        while (entries.hasNext()) {
            if (failure.get() != null) {
                break;
            }
            Entry entry = entries.next();
            String value = withCorpAndSeq(entry);
            synchronized (pending) {
                pending.add(entry.seq());
                highestSent[0] = entry.seq();
            }
            producer.send(new ProducerRecord<>(Topics.ARCHIVE_MESSAGES, RecordKeys.archiveKey(value), value),
                    (metadata, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                            return;
                        }
                        synchronized (pending) {
                            // The checkpoint may pass a seq only when every earlier seq is acknowledged too.
                            long lowestPending = pending.first();
                            pending.remove(entry.seq());
                            if (entry.seq() == lowestPending) {
                                acknowledged[0] = pending.isEmpty() ? highestSent[0] : pending.first() - 1;
                            }
                        }
                    });
            produced++;
            if (produced % 200 == 0) {
                saveCheckpoint(acknowledged[0], progress);
            }
        }
        producer.flush();
        if (failure.get() != null) {
            saveCheckpoint(acknowledged[0], progress);
            throw new IOException("Kafka refused an archive message; resume from seq " + acknowledged[0], failure.get());
        }
        saveCheckpoint(acknowledged[0], progress);
        return produced;
    }

    private String withCorpAndSeq(Entry entry) {
        try {
            JsonNode node = Json.MAPPER.readTree(entry.json());
            if (node instanceof ObjectNode object) {
                if (!object.hasNonNull("corpid")) {
                    object.put("corpid", corpId);
                }
                object.put("seq", entry.seq());
                return Json.MAPPER.writeValueAsString(object);
            }
        } catch (IOException e) {
            // Not JSON: passed on as it is, for the jobs to dead-letter with the reason.
        }
        return entry.json();
    }

    private synchronized void saveCheckpoint(long seq, LongConsumer progress) throws IOException {
        Path temporary = checkpointFile.resolveSibling(checkpointFile.getFileName() + ".tmp");
        Files.writeString(temporary, Long.toString(seq), StandardCharsets.UTF_8);
        Files.move(temporary, checkpointFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        progress.accept(seq);
    }
}
