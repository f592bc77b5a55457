package com.wecomflow.text;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a JSON-lines input line by line as bytes, so that one line in another encoding is that
 * line's problem and not the whole file's: lines end at {@code \n} (a {@code \r} before it is
 * dropped), a byte-order mark at the start of the input is skipped, and each line is decoded
 * strictly ({@link Utf8#decode}). Splitting bytes at {@code \n} is safe for UTF-8 and for GBK,
 * neither of which uses that byte inside a character.
 */
public final class Utf8Lines implements Closeable {

    /**
     * One line.
     *
     * @param number 1-based line number
     * @param bytes the line's bytes as read, without the line end (and without the byte-order mark
     *     on line 1)
     * @param decoded the line as text, or why it is not valid UTF-8
     */
    public record Line(long number, byte[] bytes, Utf8.Decoded decoded) {

        public String text() {
            return decoded.text();
        }

        public boolean isBlank() {
            return decoded.valid() && decoded.text().isBlank();
        }
    }

    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private byte[] buffer = new byte[CHUNK];
    private int start;
    private int end;
    private boolean eof;
    private long lineNumber;

    public Utf8Lines(InputStream in) {
        this.in = in;
    }

    public static Utf8Lines open(Path file) throws IOException {
        return new Utf8Lines(Files.newInputStream(file));
    }

    /** The next line, or null at the end of the input. */
    public Line next() throws IOException {
        int scanFrom = start;
        while (true) {
            for (int i = scanFrom; i < end; i++) {
                if (buffer[i] == '\n') {
                    Line line = line(start, i);
                    start = i + 1;
                    return line;
                }
            }
            scanFrom = end;
            if (eof) {
                if (start == end) {
                    return null;
                }
                Line last = line(start, end);
                start = end;
                return last;
            }
            scanFrom -= start;
            fill();
        }
    }

    /** Moves what is unread to the front, grows the buffer when a line fills it, and reads more. */
    private void fill() throws IOException {
        int unread = end - start;
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, unread);
            start = 0;
            end = unread;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int read = in.read(buffer, end, buffer.length - end);
        if (read < 0) {
            eof = true;
        } else {
            end += read;
        }
    }

    private Line line(int from, int to) {
        int lineEnd = to > from && buffer[to - 1] == '\r' ? to - 1 : to;
        lineNumber++;
        int contentStart = lineNumber == 1 ? from + Utf8.byteOrderMarkLength(buffer, from, lineEnd - from) : from;
        byte[] bytes = Arrays.copyOfRange(buffer, contentStart, lineEnd);
        return new Line(lineNumber, bytes, Utf8.decode(bytes, 0, bytes.length));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
