package com.wecomflow.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * The JSON-lines sinks' part files under one directory ({@code TABLE/part-*.jsonl}), read as they
 * grow: each call reads only the complete lines written since the previous one. Counts the rows
 * written (replay's progress line) and finds rows carrying a marker (the latency bench's probes).
 */
final class SinkFiles {

    private final Path root;
    private final Map<Path, Long> offsets = new HashMap<>();
    private long rows;

    SinkFiles(Path root) {
        this.root = root;
    }

    /** Row versions written so far, in every table. */
    synchronized long rowsWritten() {
        scan(null, (table, row) -> {});
        return rows;
    }

    /**
     * Reads the new complete lines of every file, counting them, and hands each one that contains
     * {@code marker} to {@code onMatch} with its table's name.
     */
    synchronized void scan(String marker, BiConsumer<String, String> onMatch) {
        if (!Files.isDirectory(root)) {
            return;
        }
        byte[] pattern = marker == null ? null : marker.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                readNewLines(file, pattern, onMatch);
            }
        } catch (IOException | UncheckedIOException e) {
            // A file may be mid-creation; the next call reads it.
        }
    }

    private void readNewLines(Path file, byte[] pattern, BiConsumer<String, String> onMatch) throws IOException {
        long offset = offsets.getOrDefault(file, 0L);
        long size = Files.size(file);
        if (size <= offset) {
            return;
        }
        byte[] grown;
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(offset);
            grown = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, size - offset));
        }
        int lineStart = 0;
        for (int i = 0; i < grown.length; i++) {
            if (grown[i] != '\n') {
                continue;
            }
            rows++;
            if (pattern != null && contains(grown, lineStart, i, pattern)) {
                onMatch.accept(file.getParent().getFileName().toString(),
                        new String(grown, lineStart, i - lineStart, StandardCharsets.UTF_8));
            }
            lineStart = i + 1;
        }
        // An incomplete last line is read again, whole, by the next call.
        offsets.put(file, offset + lineStart);
    }

    private static boolean contains(byte[] bytes, int from, int to, byte[] pattern) {
        outer:
        for (int i = from; i <= to - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
