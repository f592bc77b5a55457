package com.wecomflow.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wecomflow.kafka.RecordKeys;
import com.wecomflow.kafka.Topics;
import com.wecomflow.parse.Json;
import com.wecomflow.parse.ParseException;
import com.wecomflow.records.DeadLetter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Iterator;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Moves decrypted chat-archive messages into {@code wecom.archive.messages}: each gets
 * {@code corpid} and its {@code seq}, and is keyed per chat. The last {@code seq} is
 * checkpointed only once Kafka acknowledged it and every message before it, so a crash re-sends
 * (the jobs dedupe on {@code msgid}) and never skips; a restart resumes after the checkpoint.
 *
 * <p>A message that cannot be produced (not valid UTF-8, not a JSON object, too large for Kafka)
 * goes to {@code wecom.deadletter} with the reason, its source and its {@code seq}; once that dead
 * letter is acknowledged the checkpoint moves past it, so one bad line never blocks the bridge.
 *
 * <p>The feed is read on a thread of its own, so that the calling thread notices a failed send
 * and writes the checkpoint on a timer even while the feed waits for input.
 *
 * <p>Messages come from an {@link ArchiveFeed}. WeCom's finance SDK (a native library that cannot
 * ship with the project) plugs in as a feed whose {@code seq} is the SDK's own: call
 * {@code GetChatData(seq = checkpoint)}, decrypt each item with {@code DecryptData}, and return
 * them with their {@code seq}.
 */
public final class ArchiveBridge {

    /** The {@code job} of the bridge's dead letters. */
    public static final String JOB = "archive-bridge";

    /** A checkpoint is written at least this often while anything new was acknowledged. */
    public static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    private static final int CHECKPOINT_EVERY_MESSAGES = 200;

    private static final long WATCH_MILLIS = 100;

    /** The largest checkpoint file read: a checkpoint is one number. */
    private static final int CHECKPOINT_MAX_BYTES = 64;

    /**
     * One archive message and its position in the feed.
     *
     * @param source where it was read: a file, {@code stdin}, the SDK
     * @param unreadableBecause why the feed could not read it (then {@code json} is what is left of it), or null
     */
    public record Entry(long seq, String json, String source, String unreadableBecause) {

        public Entry(long seq, String json, String source) {
            this(seq, json, source, null);
        }

        public static Entry unreadable(long seq, String raw, String source, String reason) {
            return new Entry(seq, raw, source, reason);
        }
    }

    /** Where archive messages come from, in rising {@code seq} order. */
    public interface ArchiveFeed {
        /** The entries after {@code seq}; the iterator may block while it waits for more. */
        Iterator<Entry> after(long seq) throws IOException;
    }

    /** What a run did: messages acknowledged on the archive topic, and dead letters acknowledged instead. */
    public record Result(long produced, long deadLettered) {}

    /** The checkpoint file holds something other than a seq. */
    public static final class NotACheckpointException extends IOException {
        NotACheckpointException(Path file, String detail) {
            super(file + ": not a checkpoint (" + detail + ")");
        }
    }

    /** Kafka refused a message or a dead letter; the checkpoint holds everything acknowledged before. */
    public static final class DeliveryFailedException extends IOException {
        DeliveryFailedException(String message, Throwable cause) {
            super(message, cause);
        }
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
        return readCheckpoint(checkpointFile);
    }

    /** The seq in a checkpoint file, 0 when there is none yet. */
    public static long readCheckpoint(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        if (!Files.isRegularFile(file)) {
            throw new NotACheckpointException(file, "not a regular file");
        }
        long size = Files.size(file);
        if (size > CHECKPOINT_MAX_BYTES) {
            throw new NotACheckpointException(file, size + " bytes; a checkpoint is one number");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString().trim();
        } catch (CharacterCodingException e) {
            throw new NotACheckpointException(file, "not text");
        }
        try {
            long seq = Long.parseLong(text);
            if (seq < 0) {
                throw new NotACheckpointException(file, "negative seq " + seq);
            }
            return seq;
        } catch (NumberFormatException e) {
            throw new NotACheckpointException(file, text.isEmpty() ? "empty" : "expected a seq, found \"" + text + "\"");
        }
    }

    /**
     * Produces every entry of the feed after the checkpoint.
     *
     * @param progress told the checkpoint each time it is written
     * @throws DeliveryFailedException as soon as Kafka refuses a send, without waiting for more input
     */
    public Result run(ArchiveFeed feed, LongConsumer progress) throws IOException, InterruptedException {
        long resumeAfter = checkpoint();
        Deliveries deliveries = new Deliveries(resumeAfter);
        Iterator<Entry> entries = feed.after(resumeAfter);
        Thread reader = new Thread(() -> {
            try {
                while (!deliveries.failed() && entries.hasNext()) {
                    send(entries.next(), deliveries);
                }
            } catch (RuntimeException | Error e) {
                deliveries.readerFailed(e);
            }
        }, "archive-bridge-reader");
        // A reader blocked on standard input must not keep the JVM alive after a failure.
        reader.setDaemon(true);
        reader.start();
        try {
            watch(reader, deliveries, resumeAfter, progress);
        } finally {
            reader.interrupt();
        }
        return new Result(deliveries.produced(), deliveries.deadLettered());
    }

    /** Until the reader is done and everything is acknowledged: dead-letters what Kafka found too large, checkpoints, fails fast. */
    private void watch(Thread reader, Deliveries deliveries, long resumeAfter, LongConsumer progress)
            throws IOException, InterruptedException {
        long saved = resumeAfter;
        long savedAt = System.nanoTime();
        while (true) {
            Deliveries.Refusal refusal = deliveries.nextRefusal(WATCH_MILLIS);
            if (refusal != null) {
                sendDeadLetter(refusal.entry(), refusal.reason(), deliveries);
                continue;
            }
            if (deliveries.deliveryFailure() != null) {
                saveCheckpoint(deliveries.acknowledged(), progress);
                throw deliveries.deliveryFailure();
            }
            if (!reader.isAlive()) {
                // flush runs every callback, which may queue more refusals: done only when none came.
                producer.flush();
                if (deliveries.hasRefusals() || deliveries.deliveryFailure() != null) {
                    continue;
                }
                saveCheckpoint(deliveries.acknowledged(), progress);
                if (deliveries.readerFailure() != null) {
                    throw deliveries.readerFailure();
                }
                return;
            }
            long acknowledged = deliveries.acknowledged();
            boolean due = System.nanoTime() - savedAt >= CHECKPOINT_INTERVAL.toNanos();
            if (acknowledged != saved && (due || acknowledged - saved >= CHECKPOINT_EVERY_MESSAGES)) {
                saveCheckpoint(acknowledged, progress);
                saved = acknowledged;
                savedAt = System.nanoTime();
            }
        }
    }

    private void send(Entry entry, Deliveries deliveries) {
        deliveries.sending(entry.seq());
        if (entry.unreadableBecause() != null) {
            sendDeadLetter(entry, entry.unreadableBecause(), deliveries);
            return;
        }
        String value;
        try {
            value = withCorpAndSeq(entry);
        } catch (ParseException e) {
            sendDeadLetter(entry, e.getMessage(), deliveries);
            return;
        }
        producer.send(new ProducerRecord<>(Topics.ARCHIVE_MESSAGES, RecordKeys.archiveKey(value), value),
                (metadata, error) -> {
                    if (error == null) {
                        deliveries.produced(entry.seq());
                    } else if (error instanceof RecordTooLargeException) {
                        deliveries.refused(entry, "Kafka refused it as too large: " + error.getMessage());
                    } else {
                        deliveries.failed("Kafka refused archive message seq " + entry.seq() + ": " + error.getMessage()
                                + "; the checkpoint stays at seq " + deliveries.acknowledged(), error);
                    }
                });
    }

    private void sendDeadLetter(Entry entry, String reason, Deliveries deliveries) {
        DeadLetter letter = new DeadLetter(JOB, reason, entry.source(), -1, -1L, null, entry.seq(), entry.json());
        producer.send(new ProducerRecord<>(Topics.DEAD_LETTER, letter.kafkaKey(), Json.toRowJson(letter)),
                (metadata, error) -> {
                    if (error == null) {
                        deliveries.deadLettered(entry.seq());
                    } else {
                        deliveries.failed("Kafka refused the dead letter for archive message seq " + entry.seq() + ": "
                                + error.getMessage() + "; the checkpoint stays at seq " + deliveries.acknowledged(), error);
                    }
                });
    }

    /** The message with {@code corpid} (unless it has one) and its {@code seq}. */
    private String withCorpAndSeq(Entry entry) throws ParseException {
        ObjectNode object = (ObjectNode) Json.parseObject(entry.json());
        if (!object.hasNonNull("corpid")) {
            object.put("corpid", corpId);
        }
        object.put("seq", entry.seq());
        try {
            return Json.MAPPER.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a parsed JSON tree", e);
        }
    }

    /** Written to a temporary file, forced to disk and moved into place: a crash leaves the old seq or the new one. */
    private void saveCheckpoint(long seq, LongConsumer progress) throws IOException {
        Path temporary = checkpointFile.resolveSibling(checkpointFile.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(Long.toString(seq).getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temporary, checkpointFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(checkpointFile.toAbsolutePath().getParent());
        progress.accept(seq);
    }

    /** The move is durable only once the directory entry is on disk too. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems (and Windows) cannot open a directory; the move itself has still happened.
        }
    }

    /** What Kafka acknowledged so far, shared by the reader, the producer's callbacks and the watching thread. */
    private static final class Deliveries {

        record Refusal(Entry entry, String reason) {}

        private final TreeSet<Long> pending = new TreeSet<>();
        private final BlockingQueue<Refusal> refusals = new LinkedBlockingQueue<>();
        private final AtomicReference<DeliveryFailedException> deliveryFailure =
                new AtomicReference<>();
        private final AtomicReference<RuntimeException> readerFailure =
                new AtomicReference<>();
        private long highestSent;
        private long acknowledged;
        private long produced;
        private long deadLettered;

        Deliveries(long resumeAfter) {
            this.highestSent = resumeAfter;
            this.acknowledged = resumeAfter;
        }

        synchronized void sending(long seq) {
            pending.add(seq);
            highestSent = seq;
        }

        synchronized void produced(long seq) {
            produced++;
            acknowledge(seq);
        }

        synchronized void deadLettered(long seq) {
            deadLettered++;
            acknowledge(seq);
        }

        /** The checkpoint may pass a seq only when every earlier seq is acknowledged too. */
        private void acknowledge(long seq) {
            long lowestPending = pending.first();
            pending.remove(seq);
            if (seq == lowestPending) {
                acknowledged = pending.isEmpty() ? highestSent : pending.first() - 1;
            }
        }

        synchronized long acknowledged() {
            return acknowledged;
        }

        synchronized long produced() {
            return produced;
        }

        synchronized long deadLettered() {
            return deadLettered;
        }

        /** Too large for Kafka: stays pending until its dead letter is acknowledged. */
        void refused(Entry entry, String reason) {
            refusals.add(new Refusal(entry, reason));
        }

        Refusal nextRefusal(long waitMillis) throws InterruptedException {
            return refusals.poll(waitMillis, TimeUnit.MILLISECONDS);
        }

        boolean hasRefusals() {
            return !refusals.isEmpty();
        }

        void failed(String message, Exception cause) {
            deliveryFailure.compareAndSet(null, new DeliveryFailedException(message, cause));
        }

        void readerFailed(Throwable error) {
            readerFailure.compareAndSet(null, error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error));
        }

        boolean failed() {
            return deliveryFailure.get() != null || readerFailure.get() != null;
        }

        DeliveryFailedException deliveryFailure() {
            return deliveryFailure.get();
        }

        RuntimeException readerFailure() {
            return readerFailure.get();
        }
    }
}
