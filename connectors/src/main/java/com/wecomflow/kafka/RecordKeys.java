package com.wecomflow.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.parse.Json;
import com.wecomflow.parse.ParseException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Collections;
import java.util.List;

/**
 * Kafka keys for the input topics. Keys keep the events that belong together in one partition, in
 * order: a group's events, a customer's contact events, a chat's messages. A record that is not
 * even JSON still gets a key (its text), so producers never refuse input: the jobs dead-letter it.
 * A key longer than {@link #MAX_KEY_CHARS} is replaced by its SHA-256: a key only has to keep
 * what belongs together in one partition, and Kafka stores it with every record.
 */
public final class RecordKeys {

    public static final int MAX_KEY_CHARS = 256;

    private RecordKeys() {}

    /** {@code corp/ChatId} for group events, {@code corp/ExternalUserID} for contact events. */
    public static String callbackKey(String json) {
        try {
            JsonNode node = Json.parseObject(json);
            String corp = node.path("ToUserName").asText("");
            if (node.hasNonNull("ChatId")) {
                return bounded(corp + "/" + node.get("ChatId").asText());
            }
            if (node.hasNonNull("ExternalUserID")) {
                return bounded(corp + "/" + node.get("ExternalUserID").asText());
            }
            return bounded(corp);
        } catch (ParseException e) {
            return bounded(json);
        }
    }

    /** {@code corp/roomid} for group chats, {@code corp/a|b} (sorted participants) for one-to-one chats. */
    public static String archiveKey(String json) {
        try {
            JsonNode node = Json.parseObject(json);
            String corp = node.path("corpid").asText("");
            String room = node.path("roomid").asText("");
            if (!room.isEmpty()) {
                return bounded(corp + "/" + room);
            }
            List<String> participants = new ArrayList<>();
            participants.add(node.path("from").asText(node.path("user").asText("")));
            node.path("tolist").forEach(to -> participants.add(to.asText()));
            Collections.sort(participants);
            return bounded(corp + "/" + String.join("|", participants));
        } catch (ParseException e) {
            return bounded(json);
        }
    }

    /**
     * The catalogue entry a {@code wecom.channels} record is about: {@code corp/state}. A deletion
     * is a record with this key and no value, so the key is never shortened to a hash, and a
     * corp_id never holds a {@code /} (the catalogue refuses one).
     */
    public record ChannelKey(String corpId, String state) {

        public String text() {
            return corpId + "/" + state;
        }

        /** The entry a key names, or null when the key is not {@code corp/state} with both parts non-empty. */
        public static ChannelKey parse(String key) {
            int slash = key == null ? -1 : key.indexOf('/');
            if (slash <= 0 || slash == key.length() - 1) {
                return null;
            }
            return new ChannelKey(key.substring(0, slash), key.substring(slash + 1));
        }
    }

    /**
     * {@code corp/state} for a catalogue line; a line without both as strings gets its own text
     * (bounded) as key, like any record the jobs will dead-letter.
     */
    public static String channelKey(String json) {
        try {
            JsonNode node = Json.parseObject(json);
            if (node.path("corp_id").isTextual() && node.path("state").isTextual()) {
                return new ChannelKey(node.get("corp_id").asText(), node.get("state").asText()).text();
            }
            return bounded(json);
        } catch (ParseException e) {
            return bounded(json);
        }
    }

    static String bounded(String key) {
        if (key.length() <= MAX_KEY_CHARS) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
