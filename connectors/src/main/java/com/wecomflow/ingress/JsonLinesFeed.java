package com.wecomflow.ingress;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Archive messages as JSON lines, from a file, the files of a directory (in name order; with
 * {@code follow}, new lines and files are picked up as they appear), or standard input. A
 * message's {@code seq} is its position: the count of non-blank lines up to it, across the files
 * in name order, so a restart finds the same message at the same {@code seq}. Files must only
 * grow, and new files must sort after the old ones.
 *
 * <p>Input is read in chunks and handed on line by line as each line completes, so standard input
 * is sent as it arrives and a file of any size is read in bounded memory. A line longer than
 * {@link #MAX_LINE_BYTES} keeps only its beginning and comes back unreadable, as does a line that
 * is not valid UTF-8; a UTF-8 byte-order mark at the start of a file or of standard input is
 * skipped.
 *
 * <p>While following, a line counts only once its newline is written: a writer caught in the
 * middle of a line (or of a multi-byte character) is waited for, never split. Without
 * {@code follow}, a last line without a newline is complete at the end of its file.
 */
public final class JsonLinesFeed implements ArchiveBridge.ArchiveFeed {

    /** Kafka's default {@code max.request.size}: a longer line could never be produced. */
    public static final int MAX_LINE_BYTES = 1024 * 1024;

    static final String STANDARD_INPUT = "stdin";

    private static final long POLL_MILLIS = 500;
    private static final int CHUNK_BYTES = 64 * 1024;

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
            private final ArrayDeque<Utf8Line> lines = new ArrayDeque<>();
            private final Set<Path> finished = new HashSet<>();
            private final Utf8Line.Builder partial = new Utf8Line.Builder(MAX_LINE_BYTES);
            private final byte[] chunk = new byte[CHUNK_BYTES];
            private Path current;
            private SeekableByteChannel channel;
            private boolean leavingCurrent;
            private long position;
            private ArchiveBridge.Entry next;
            private boolean stdinDone;

            {
                if (stdin != null) {
                    partial.startSource(STANDARD_INPUT);
                }
            }

            @Override
            public boolean hasNext() {
                try {
                    while (next == null) {
                        if (lines.isEmpty() && !refill()) {
                            closeChannel();
                            return false;
                        }
                        Utf8Line line = lines.poll();
                        if (line.isBlank()) {
                            continue;
                        }
                        position++;
                        if (position > seq) {
                            next = line.entry(position);
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
                        // read returns what the pipe holds, without waiting for the rest of the input
                        int count = stdin.read(chunk);
                        if (count < 0) {
                            partial.endOfSource(lines);
                            stdinDone = true;
                        } else {
                            partial.split(chunk, count, lines);
                        }
                        continue;
                    }
                    if (current == null) {
                        current = nextFile();
                        if (current == null) {
                            if (!follow) {
                                return false;
                            }
                            Thread.sleep(POLL_MILLIS);
                            continue;
                        }
                        channel = Files.newByteChannel(current);
                        leavingCurrent = false;
                        partial.startSource(current.toString());
                    }
                    int count = channel.read(ByteBuffer.wrap(chunk));
                    if (count > 0) {
                        partial.split(chunk, count, lines);
                    } else if (!follow || leavingCurrent) {
                        partial.endOfSource(lines);
                        finished.add(current);
                        closeChannel();
                        current = null;
                    } else if (hasNewerFile()) {
                        // Read to the end once more before leaving a file, so nothing appended meanwhile is lost.
                        leavingCurrent = true;
                    } else {
                        Thread.sleep(POLL_MILLIS);
                    }
                }
                return true;
            }

            private void closeChannel() throws IOException {
                if (channel != null) {
                    channel.close();
                    channel = null;
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
