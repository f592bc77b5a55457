package com.wecomflow.ingress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * Archive messages as JSON lines, from a file, the files of a directory (in name order; with
 * {@code follow}, new lines and files are picked up as they appear), or standard input. A
 * message's {@code seq} is its position: the count of non-blank lines up to it, across the files
 * in name order, so a restart finds the same message at the same {@code seq}. Files must only
 * grow, and new files must sort after the old ones.
 */
public final class JsonLinesFeed implements ArchiveBridge.ArchiveFeed {

    private final Path path;
    private final InputStream stdin;
    private final boolean follow;

    private JsonLinesFeed(Path path, InputStream stdin, boolean follow) {
        this.path = path;
        this.stdin = stdin;
        this.follow = follow;
    }

    public static JsonLinesFeed of(Path fileOrDirectory, boolean follow) {
        if (!Files.exists(fileOrDirectory)) {
            throw new IllegalArgumentException("--input: no such file or directory: " + fileOrDirectory);
        }
        return new JsonLinesFeed(fileOrDirectory, null, follow);
    }

    public static JsonLinesFeed standardInput(InputStream in) {
        return new JsonLinesFeed(null, in, false);
    }

    @Override
    public Iterator<ArchiveBridge.Entry> after(long seq) {
        return new Iterator<>() {
            private long position;
            private final List<Path> finished = new ArrayList<>();
            private BufferedReader reader;
            private Path current;
            private ArchiveBridge.Entry next;

            @Override
            public boolean hasNext() {
                try {
                    while (next == null) {
                        String line = reader == null ? null : reader.readLine();
                        if (line == null) {
                            if (!openNext()) {
                                return false;
                            }
                            continue;
                        }
                        if (line.isBlank()) {
                            continue;
                        }
                        position++;
                        if (position > seq) {
                            next = new ArchiveBridge.Entry(position, line);
                        }
                    }
                    return true;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }

            @Override
            public ArchiveBridge.Entry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ArchiveBridge.Entry entry = next;
                next = null;
                return entry;
            }

            /** Moves to the next source; with follow, waits for one. @return false at the end */
            private boolean openNext() throws IOException, InterruptedException {
                while (true) {
                    if (stdin != null) {
                        if (reader != null) {
                            return false;
                        }
                        reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
                        return true;
                    }
                    List<Path> files = files();
                    if (current != null && !finished.contains(current)) {
                        if (follow && files.indexOf(current) == files.size() - 1) {
                            Thread.sleep(500);
                            return true;
                        }
                        finished.add(current);
                        reader.close();
                    }
                    for (Path file : files) {
                        if (!finished.contains(file)) {
                            current = file;
                            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                            return true;
                        }
                    }
                    if (!follow) {
                        return false;
                    }
                    Thread.sleep(500);
                }
            }
        };
    }

    private List<Path> files() throws IOException {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        try (Stream<Path> listing = Files.list(path)) {
            return listing.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }
}
