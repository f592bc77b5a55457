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
