package com.wecomflow.runner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Malformed input of many shapes, interleaved with a clean tenant's lines: what a broken upstream,
 * a wrong export or a hostile sender puts on the input topics. Every record here breaks the
 * contract (DESIGN §3), so each must end as a dead letter and change no result. Each is unique,
 * so deduplication cannot hide a record that slipped through.
 */
final class GarbageRecords {

    private final Random random;
    private int serial;

    GarbageRecords(long seed) {
        this.random = new Random(seed);
    }

    /** A bad callback record, cycling through the shapes. */
    byte[] callback() {
        int n = serial++;
        String corp = "\"ToUserName\":\"wwgarbage\",\"FromUserName\":\"sys\"";
        return switch (n % 9) {
            case 0 -> utf8("{" + corp + ",\"CreateTime\":17621" + n + ",\"Event\":\"change_external_contact\",\"Cha");
            case 1 -> utf8("{" + corp + ",\"CreateTime\":{\"n\":" + n + "},\"Event\":\"change_external_contact\","
                    + "\"ChangeType\":\"add_external_contact\",\"UserID\":\"zhangwei\",\"ExternalUserID\":\"wmG" + n + "\"}");
            case 2 -> binary(n);
            case 3 -> utf8("{" + corp + ",\"CreateTime\":" + (1_762_100_000_000L + n) + ",\"Event\":\"change_external_contact\","
                    + "\"ChangeType\":\"add_external_contact\",\"UserID\":\"zhangwei\",\"ExternalUserID\":\"wmG" + n + "\"}");
            case 4 -> utf8("{" + corp + ",\"CreateTime\":" + (1_762_100_000L + n) + ",\"Event\":\"change_external_contact\","
                    + "\"ChangeType\":\"add_external_contact\",\"UserID\":\"\",\"ExternalUserID\":\"wmG" + n + "\"}");
            case 5 -> utf8("[\"change_external_contact\"," + n + "]");
            case 6 -> utf8("{" + corp + ",\"CreateTime\":\"yesterday " + n + "\",\"Event\":\"change_external_chat\","
                    + "\"ChatId\":\"wrG" + n + "\",\"ChangeType\":\"update\",\"UpdateDetail\":\"add_member\"}");
            case 7 -> utf8("{" + corp + ",\"CreateTime\":" + (1_762_100_000L + n) + ",\"Event\":\"change_external_chat\","
                    + "\"ChatId\":\"wrG" + n + "\",\"ChangeType\":\"update\",\"UpdateDetail\":\"add_member\","
                    + "\"MemChangeList\":[" + n + "]}");
            default -> (n / 9) % 100 == 0 ? huge(n, "{\"ToUserName\":\"wwgarbage\",\"padding\":\"") : utf8("{}");
        };
    }

    /** A bad archive message, cycling through the shapes. */
    byte[] message() {
        int n = serial++;
        String head = "{\"msgid\":\"garbage_" + n + "\",\"corpid\":\"wwgarbage\",\"from\":\"zhangwei\",\"tolist\":[\"wmG" + n + "\"],"
                + "\"roomid\":\"\",\"msgtype\":\"text\",\"text\":{\"content\":\"hi\"}";
        return switch (n % 9) {
            case 0 -> utf8(head + ",\"action\":\"send\",\"msgtime\":17621000");
            case 1 -> utf8(head + ",\"action\":\"send\",\"msgtime\":\"noon\"}");
            case 2 -> binary(n);
            case 3 -> utf8(head + ",\"action\":\"send\",\"msgtime\":" + (1_762_100_000L + n) + "}");
            case 4 -> utf8(head + ",\"action\":\"teleport\",\"msgtime\":" + (1_762_100_000_000L + n) + "}");
            case 5 -> utf8("{\"msgid\":\"\",\"corpid\":\"wwgarbage\",\"action\":\"send\",\"from\":\"zhangwei\",\"tolist\":[],"
                    + "\"roomid\":\"\",\"msgtime\":" + (1_762_100_000_000L + n) + ",\"msgtype\":\"text\",\"text\":{\"content\":\"\"}}");
            case 6 -> utf8("{\"msgid\":\"garbage_" + n + "\",\"corpid\":\"wwgarbage\",\"action\":\"send\",\"from\":\"zhangwei\","
                    + "\"tolist\":\"wmG" + n + "\",\"roomid\":\"\",\"msgtime\":" + (1_762_100_000_000L + n)
                    + ",\"msgtype\":\"text\",\"text\":{\"content\":\"hi\"}}");
            case 7 -> utf8("null");
            default -> (n / 9) % 100 == 0 ? huge(n, "{\"msgid\":\"garbage_" + n + "\",\"text\":{\"content\":\"") : utf8("\"\"");
        };
    }

    /**
     * Writes {@code clean}'s lines with {@code garbage} bad records spread evenly among them.
     *
     * @param badRecord makes one bad record
     */
    static void interleave(Path clean, Path out, int garbage, java.util.function.Supplier<byte[]> badRecord) throws IOException {
        List<String> lines = Files.readAllLines(clean, StandardCharsets.UTF_8);
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < garbage; i++) {
            slots.add((int) ((long) i * lines.size() / garbage));
        }
        try (OutputStream file = Files.newOutputStream(out)) {
            int next = 0;
            for (int i = 0; i < lines.size(); i++) {
                while (next < slots.size() && slots.get(next) == i) {
                    file.write(badRecord.get());
                    file.write('\n');
                    next++;
                }
                file.write(utf8(lines.get(i)));
                file.write('\n');
            }
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes that are not UTF-8 (and hold no newline, so they stay one record). */
    private byte[] binary(int n) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(utf8("{\"n\":" + n + ",\"x\":\""));
        for (int i = 0; i < 64; i++) {
            int b = 0x80 + random.nextInt(0x80);
            bytes.write(b == 0xC0 ? 0xFF : b);
        }
        bytes.writeBytes(utf8("\"}"));
        return bytes.toByteArray();
    }

    /** A line of about 2 MiB that never closes (one bad record in 900): large, within Kafka's record limit here. */
    private static byte[] huge(int n, String head) {
        StringBuilder line = new StringBuilder(head).append(n);
        line.append("x".repeat(2 * 1024 * 1024));
        return utf8(line.toString());
    }
}
