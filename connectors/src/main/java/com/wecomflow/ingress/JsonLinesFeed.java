package com.wecomflow.ingress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
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
 *
 * <p>While following, a line counts only once its newline is written: a writer caught in the
 * middle of a line (or of a multi-byte character) is waited for, never split. Without
 * {@code follow}, a last line without a newline is complete at the end of its file.
 */
public final class JsonLinesFeed implements ArchiveBridge.ArchiveFeed {

    private static final long POLL_MILLIS = 500;

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
            private final ArrayDeque<String> lines = new ArrayDeque<>();
            private final List<Path> finished = new ArrayList<>();
            private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
            private Path current;
            private long offset;
            private long position;
            private ArchiveBridge.Entry next;
            private boolean stdinDone;

            @Override
            public boolean hasNext() {
                try {
                    while (next == null) {
                        if (lines.isEmpty() && !refill()) {
                            return false;
                        }
                        String line = lines.poll();
                        if (line == null || line.isBlank()) {
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

            /** Reads more complete lines; with follow, waits for them. @return false at the end of the input */
            private boolean refill() throws IOException, InterruptedException {
                while (lines.isEmpty()) {
                    if (stdin != null) {
                        if (stdinDone) {
                            return false;
                        }
                        split(stdin.readAllBytes(), true);
                        stdinDone = true;
                        continue;
                    }
                    if (current == null) {
                        current = nextFile();
                        offset = 0;
                        if (current == null) {
                            if (!follow) {
                                return false;
                            }
                            Thread.sleep(POLL_MILLIS);
                            continue;
                        }
                    }
                    boolean newer = hasNewerFile();
                    // Read to the end once more before leaving a file, so nothing appended meanwhile is lost.
                    readAppended(!follow || newer);
                    if (lines.isEmpty()) {
                        if (!follow || newer) {
                            finished.add(current);
                            current = null;
                        } else {
                            Thread.sleep(POLL_MILLIS);
                        }
                    }
                }
                return true;
            }

            private void readAppended(boolean endOfFile) throws IOException {
                try (SeekableByteChannel channel = Files.newByteChannel(current)) {
                    channel.position(offset);
                    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
                    ByteArrayOutputStream read = new ByteArrayOutputStream();
                    int count;
                    while ((count = channel.read(buffer)) > 0) {
                        read.write(buffer.array(), 0, count);
                        buffer.clear();
                    }
                    offset += read.size();
                    split(read.toByteArray(), endOfFile);
                }
            }

            /** Complete lines of {@code bytes} (after what is pending) to {@link #lines}; an unfinished tail waits. */
            private void split(byte[] bytes, boolean endOfInput) {
                int start = 0;
                for (int i = 0; i < bytes.length; i++) {
                    if (bytes[i] == '\n') {
                        partial.write(bytes, start, i - start);
                        lines.add(partial.toString(StandardCharsets.UTF_8));
                        partial.reset();
                        start = i + 1;
                    }
                }
                partial.write(bytes, start, bytes.length - start);
                if (endOfInput && partial.size() > 0) {
                    lines.add(partial.toString(StandardCharsets.UTF_8));
                    partial.reset();
                }
            }

            private Path nextFile() throws IOException {
                for (Path file : files()) {
                    if (!finished.contains(file)) {
                        return file;
                    }
                }
                return null;
            }

            private boolean hasNewerFile() throws IOException {
                List<Path> files = files();
                return files.indexOf(current) < files.size() - 1;
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
