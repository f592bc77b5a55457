package com.wecomflow.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wecomflow.kafka.RecordKeys;
import com.wecomflow.kafka.Topics;
import com.wecomflow.kafka.WeComKafka;
import com.wecomflow.text.Utf8Lines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The latency half of {@code ./run bench pipeline}: sends a tenant's callbacks and messages into
 * the input topics at a steady rate, interleaved as their times run, with a probe every
 * {@link #PROBE_INTERVAL_MILLIS}: a record no other record shares an id with, stamped with the
 * time the stream has reached, whose rows the jobs' sinks write. A probe's latency in a table is
 * from the moment the producer was handed it to the moment its first row is in that table's
 * files (the JSON-lines sink writes within {@code JsonLinesSink.FLUSH_INTERVAL_MILLIS}).
 *
 * <p>Three kinds, in turn, so that every job is measured: a group check-in by a new member
 * (member-activity, checkin-streaks), a phone number sent by a new employee to a customer
 * (sensitive-words, and the employee's daily behaviour), and a new customer added through a
 * channel code (channel-conversion).
 */
final class LatencyProbes {

    static final long PROBE_INTERVAL_MILLIS = 100;
    private static final String MARKER = "benchprobe-";
    private static final Pattern PROBE_ID = Pattern.compile("benchprobe-(\\d+)-");
    private static final long WATCH_INTERVAL_MILLIS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Latencies of the probes sent after the warm-up, per table, in milliseconds. */
    record Result(long recordsSent, double secondsSent, int probesCounted, int probesWithoutRow,
            Map<String, long[]> millisByTable) {

        long[] allMillis() {
            return millisByTable.values().stream().flatMapToLong(Arrays::stream).sorted().toArray();
        }
    }

    private final String bootstrapServers;
    private final SinkFiles sinkFiles;
    private final Map<Integer, Long> sentNanos = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, Long>> seenNanos = new ConcurrentHashMap<>();

    LatencyProbes(String bootstrapServers, Path sinkDirectory) {
        this.bootstrapServers = bootstrapServers;
        this.sinkFiles = new SinkFiles(sinkDirectory);
    }

    /**
     * Sends {@code callbacks} and {@code messages} at {@code rate} records per second for
     * {@code seconds} (probes only once both files end), counting the probes sent after {@code warmUpSeconds}.
     */
    Result run(Path callbacks, Path messages, int rate, int seconds, int warmUpSeconds, Progress progress)
            throws Exception {
        Thread watcher = new Thread(this::watch, "bench-latency-watcher");
        watcher.setDaemon(true);
        watcher.start();
        List<Integer> counted = new ArrayList<>();
        long sent = 0;
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerSettings(), new StringSerializer(),
                        new org.apache.kafka.common.serialization.ByteArraySerializer());
                Utf8Lines callbackLines = Utf8Lines.open(callbacks);
                Utf8Lines messageLines = Utf8Lines.open(messages)) {
            Interleaving feed = new Interleaving(callbackLines, messageLines,
                    InputProducer.countLines(callbacks), InputProducer.countLines(messages));
            long nextProbeNanos = started;
            int probe = 0;
            final long end = started + TimeUnit.SECONDS.toNanos(seconds);
            boolean exhausted = false;
            while (System.nanoTime() < end) {
                long due = (long) ((System.nanoTime() - started) / 1e9 * rate);
                while (sent < due && !exhausted) {
                    Interleaving.Next next = feed.next();
                    if (next == null) {
                        // The tenant ran out: probes go on alone, and the achieved rate says so.
                        exhausted = true;
                        break;
                    }
                    producer.send(new ProducerRecord<>(next.topic(), next.key(), next.bytes()));
                    sent++;
                }
                long now = System.nanoTime();
                if (now >= nextProbeNanos && feed.readyForProbes()) {
                    ProducerRecord<String, byte[]> record = feed.probe(probe);
                    sentNanos.put(probe, System.nanoTime());
                    producer.send(record);
                    sent++;
                    if (now - started >= TimeUnit.SECONDS.toNanos(warmUpSeconds)) {
                        counted.add(probe);
                    }
                    probe++;
                    nextProbeNanos += TimeUnit.MILLISECONDS.toNanos(PROBE_INTERVAL_MILLIS);
                }
                progress.update(String.format("latency: %,d records sent at %,d/s, %,d probes, %ds of %ds", sent, rate,
                        probe, TimeUnit.NANOSECONDS.toSeconds(now - started), seconds));
                Thread.sleep(1);
            }
        }
        double secondsSent = (System.nanoTime() - started) / 1e9;
        awaitRows(counted, progress);
        watcher.interrupt();
        return result(sent, secondsSent, counted);
    }

    private Properties producerSettings() {
        Properties settings = WeComKafka.producerSettings(bootstrapServers);
        settings.setProperty(ProducerConfig.LINGER_MS_CONFIG, "1");
        return settings;
    }

    /** Waits, at most 30 s, until every counted probe has a row in each table its kind writes to. */
    private void awaitRows(List<Integer> probes, Progress progress) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && withoutRow(probes) > 0) {
            progress.update(String.format("latency: waiting for the rows of %d probes", withoutRow(probes)));
            Thread.sleep(100);
        }
    }

    private int withoutRow(List<Integer> probes) {
        int missing = 0;
        for (int probe : probes) {
            boolean seen = seenNanos.values().stream().anyMatch(table -> table.containsKey(probe));
            if (!seen) {
                missing++;
            }
        }
        return missing;
    }

    private Result result(long sent, double seconds, List<Integer> counted) {
        Map<String, long[]> byTable = new TreeMap<>();
        for (Map.Entry<String, Map<Integer, Long>> table : seenNanos.entrySet()) {
            long[] millis = counted.stream()
                    .filter(table.getValue()::containsKey)
                    .mapToLong(p -> TimeUnit.NANOSECONDS.toMillis(table.getValue().get(p) - sentNanos.get(p)))
                    .sorted().toArray();
            if (millis.length > 0) {
                byTable.put(table.getKey(), millis);
            }
        }
        return new Result(sent, seconds, counted.size(), withoutRow(counted), byTable);
    }

    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            sinkFiles.scan(MARKER, this::seen);
            try {
                Thread.sleep(WATCH_INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void seen(String table, String row) {
        long now = System.nanoTime();
        Matcher matcher = PROBE_ID.matcher(row);
        while (matcher.find()) {
            seenNanos.computeIfAbsent(table, t -> new ConcurrentHashMap<>())
                    .putIfAbsent(Integer.parseInt(matcher.group(1)), now);
        }
    }

    /**
     * The two files' lines in one stream, each file consumed at its own share of the total, so
     * that both move through the month together; remembers the newest times and ids a probe needs.
     */
    static final class Interleaving {
        record Next(String topic, String key, byte[] bytes) {}

        private final Utf8Lines callbacks;
        private final Utf8Lines messages;
        private final long callbackTotal;
        private final long messageTotal;
        private long callbacksSent;
        private long messagesSent;
        private String lastMessage;
        private String lastGroupMessage;
        private String lastContactAdd;
        private long probeTime;

        Interleaving(Utf8Lines callbacks, Utf8Lines messages, long callbackTotal, long messageTotal) {
            this.callbacks = callbacks;
            this.messages = messages;
            this.callbackTotal = Math.max(1, callbackTotal);
            this.messageTotal = Math.max(1, messageTotal);
        }

        Next next() throws IOException {
            boolean callbackTurn = (double) callbacksSent / callbackTotal <= (double) messagesSent / messageTotal;
            Next next = callbackTurn ? callback() : message();
            return next != null ? next : callbackTurn ? message() : callback();
        }

        private Next callback() throws IOException {
            Utf8Lines.Line line = nextLine(callbacks);
            if (line == null) {
                return null;
            }
            callbacksSent++;
            if (line.text().contains("add_external_contact")) {
                lastContactAdd = line.text();
            }
            return new Next(Topics.CALLBACK_EVENTS, RecordKeys.callbackKey(line.text()), line.bytes());
        }

        private Next message() throws IOException {
            Utf8Lines.Line line = nextLine(messages);
            if (line == null) {
                return null;
            }
            messagesSent++;
            lastMessage = line.text();
            if (!line.text().contains("\"roomid\":\"\"") && line.text().contains("\"roomid\":\"")) {
                lastGroupMessage = line.text();
            }
            return new Next(Topics.ARCHIVE_MESSAGES, RecordKeys.archiveKey(line.text()), line.bytes());
        }

        private static Utf8Lines.Line nextLine(Utf8Lines lines) throws IOException {
            Utf8Lines.Line line;
            do {
                line = lines.next();
            } while (line != null && (line.isBlank() || !line.decoded().valid()));
            return line;
        }

        boolean readyForProbes() {
            return lastMessage != null && lastGroupMessage != null && lastContactAdd != null;
        }

        /** Probe {@code n}: its kind is {@code n % 3}; its ids all contain {@code benchprobe-N-}. */
        ProducerRecord<String, byte[]> probe(int n) throws IOException {
            String id = MARKER + n + "-";
            ObjectNode record;
            String topic;
            switch (n % 3) {
                case 0 -> {
                    record = (ObjectNode) JSON.readTree(lastGroupMessage);
                    record.put("msgid", id + "checkin");
                    record.put("action", "send");
                    record.put("from", "wm" + id + "member");
                    record.put("msgtime", newestMessageTime());
                    record.putArray("tolist");
                    record.put("msgtype", "text");
                    record.remove(List.of("image", "file", "redpacket", "card", "revoke"));
                    record.putObject("text").put("content", "签到");
                    topic = Topics.ARCHIVE_MESSAGES;
                }
                case 1 -> {
                    record = (ObjectNode) JSON.readTree(lastMessage);
                    record.put("msgid", id + "phone");
                    record.put("action", "send");
                    record.put("from", id + "staff");
                    record.put("msgtime", newestMessageTime());
                    record.put("roomid", "");
                    record.putArray("tolist").add("wm" + id + "customer");
                    record.put("msgtype", "text");
                    record.remove(List.of("image", "file", "redpacket", "card", "revoke"));
                    record.putObject("text").put("content", "我的电话是13800138000，直接打给我");
                    topic = Topics.ARCHIVE_MESSAGES;
                }
                default -> {
                    record = (ObjectNode) JSON.readTree(lastContactAdd);
                    record.put("ExternalUserID", "wm" + id + "customer");
                    record.put("WelcomeCode", id + "welcome");
                    topic = Topics.CALLBACK_EVENTS;
                }
            }
            String text = JSON.writeValueAsString(record);
            String key = topic.equals(Topics.CALLBACK_EVENTS) ? RecordKeys.callbackKey(text) : RecordKeys.archiveKey(text);
            return new ProducerRecord<>(topic, key, text.getBytes(StandardCharsets.UTF_8));
        }

        // The tenant has late lines on purpose (days old, some past the lateness horizon): a probe
        // stamped with one would be dropped as late, so probe times never go back.
        private long newestMessageTime() throws IOException {
            JsonNode newest = JSON.readTree(lastMessage);
            probeTime = Math.max(probeTime, newest.path("msgtime").asLong());
            return probeTime;
        }
    }
}
