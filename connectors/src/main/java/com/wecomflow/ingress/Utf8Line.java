package com.wecomflow.ingress;

import com.wecomflow.text.Utf8;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Collection;

/**
 * One line of input as its bytes, decoded strictly: text that is not valid UTF-8 (a GBK export,
 * say) is refused rather than turned into replacement characters that no keyword can match. A
 * line longer than the limit keeps only its first bytes, so that one huge line cannot exhaust
 * the memory.
 */
final class Utf8Line {

    /** Room kept beyond the limit for a byte-order mark, which is dropped before the limit applies. */
    private static final int BYTE_ORDER_MARK_BYTES = 3;

    private final String source;
    private final byte[] head;
    private final long length;
    private final int limit;
    private final Utf8.Decoded decoded;

    private Utf8Line(String source, byte[] head, long length, int limit) {
        this.source = source;
        this.head = head;
        this.length = length;
        this.limit = limit;
        this.decoded = Utf8.decode(head, 0, head.length);
    }

    boolean isBlank() {
        return length <= limit && decoded.valid() && decoded.text().isBlank();
    }

    ArchiveBridge.Entry entry(long seq) {
        if (length > limit) {
            return ArchiveBridge.Entry.unreadable(seq, decoded.text(), source,
                    "line of " + length + " bytes is longer than the bridge's limit of " + limit
                            + " bytes (Kafka's default max.request.size)");
        }
        if (!decoded.valid()) {
            return ArchiveBridge.Entry.unreadable(seq, decoded.text(), source, decoded.problem());
        }
        return new ArchiveBridge.Entry(seq, decoded.text(), source);
    }

    /** Cuts bytes into lines as they arrive; a line is complete at its newline or at the end of its source. */
    static final class Builder {
        private final int limit;
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private long length;
        private String source;
        private boolean firstLineOfSource;

        Builder(int limit) {
            this.limit = limit;
        }

        /** The next bytes come from the start of {@code source} (a file or standard input). */
        void startSource(String source) {
            this.source = source;
            this.firstLineOfSource = true;
            head.reset();
            length = 0;
        }

        /** Adds the complete lines among the first {@code count} bytes to {@code lines}; an unfinished tail waits. */
        void split(byte[] bytes, int count, Collection<Utf8Line> lines) {
            int start = 0;
            for (int i = 0; i < count; i++) {
                if (bytes[i] == '\n') {
                    append(bytes, start, i);
                    complete(lines);
                    start = i + 1;
                }
            }
            append(bytes, start, count);
        }

        /** The source ended: a last line without a newline is complete. */
        void endOfSource(Collection<Utf8Line> lines) {
            if (length > 0) {
                complete(lines);
            }
        }

        private void append(byte[] bytes, int from, int to) {
            int room = (int) Math.max(0, limit + BYTE_ORDER_MARK_BYTES - head.size());
            head.write(bytes, from, Math.min(room, to - from));
            length += to - from;
        }

        private void complete(Collection<Utf8Line> lines) {
            byte[] line = head.toByteArray();
            long lineLength = length;
            int mark = firstLineOfSource ? Utf8.byteOrderMarkLength(line, 0, line.length) : 0;
            if (mark > 0) {
                // Windows Notepad starts a UTF-8 file with a byte-order mark; it is not part of the first message.
                line = Arrays.copyOfRange(line, mark, line.length);
                lineLength -= mark;
            }
            if (line.length > limit) {
                line = Arrays.copyOf(line, limit);
            }
            firstLineOfSource = false;
            lines.add(new Utf8Line(source, line, lineLength, limit));
            head.reset();
            length = 0;
        }
    }
}
