package com.wecomflow.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text in and out of bytes, the one way every input of ours takes: a leading byte-order mark
 * (what Windows Notepad writes) is not content, and bytes that are not UTF-8 (a GBK export, say)
 * are reported instead of being turned into U+FFFD and processed as if they were text.
 */
public final class Utf8 {

    /** U+FEFF as a character: what a UTF-8 byte-order mark decodes to. */
    public static final char BYTE_ORDER_MARK = '\uFEFF';

    private static final byte[] BOM_BYTES = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /**
     * Bytes decoded as UTF-8.
     *
     * @param text the decoded text; when the bytes are not valid UTF-8, the text with each invalid
     *     sequence shown as U+FFFD, for display only
     * @param firstInvalidByte the offset (within the decoded bytes) of the first invalid byte, or -1
     */
    public record Decoded(String text, int firstInvalidByte) {

        public boolean valid() {
            return firstInvalidByte < 0;
        }

        /** The reason a record is refused, or null when the bytes are valid UTF-8. */
        public String problem() {
            return valid() ? null : "not valid UTF-8 (invalid byte at offset " + firstInvalidByte
                    + "; is it GBK or another legacy encoding?)";
        }
    }

    private Utf8() {}

    /** Decodes a whole text (a record's value, a file) strictly, skipping a leading byte-order mark. */
    public static Decoded decodeText(byte[] bytes) {
        int mark = byteOrderMarkLength(bytes, 0, bytes.length);
        return decode(bytes, mark, bytes.length - mark);
    }

    /** Decodes {@code bytes[offset, offset + length)} strictly, a byte-order mark included. */
    public static Decoded decode(byte[] bytes, int offset, int length) {
        int start = offset;
        int end = offset + length;
        ByteBuffer in = ByteBuffer.wrap(bytes, start, end - start);
        CharBuffer out = CharBuffer.allocate(end - start);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int invalidAt = in.position() - start;
            return new Decoded(new String(bytes, start, end - start, StandardCharsets.UTF_8), invalidAt);
        }
        out.flip();
        return new Decoded(out.toString(), -1);
    }

    /** The text without a leading U+FEFF, for text already decoded elsewhere. */
    public static String stripByteOrderMark(String text) {
        return text != null && !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }

    /** The size of the text encoded as UTF-8, counted without encoding it. */
    public static long encodedLength(CharSequence text) {
        long bytes = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                // A lone surrogate is encoded as '?' by Java's UTF-8 encoder.
                bytes += Character.isSurrogate(c) ? 1 : 3;
            }
        }
        return bytes;
    }

    /**
     * The longest prefix of the text whose UTF-8 encoding fits in {@code maxBytes}, never cutting a
     * character (a surrogate pair) in two.
     */
    public static String prefix(String text, int maxBytes) {
        long bytes = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1));
            int size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : Character.isSurrogate(c) ? 1 : 3;
            if (bytes + size > maxBytes) {
                return text.substring(0, i);
            }
            bytes += size;
            if (pair) {
                i++;
            }
        }
        return text;
    }

    /** 3 when {@code bytes[offset, offset + length)} starts with a UTF-8 byte-order mark, else 0. */
    public static int byteOrderMarkLength(byte[] bytes, int offset, int length) {
        boolean mark = length >= BOM_BYTES.length
                && bytes[offset] == BOM_BYTES[0]
                && bytes[offset + 1] == BOM_BYTES[1]
                && bytes[offset + 2] == BOM_BYTES[2];
        return mark ? BOM_BYTES.length : 0;
    }
}
