package com.wecomflow.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.parse.Json;
import com.wecomflow.parse.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Kafka keys for the input topics. Keys keep the events that belong together in one partition, in
 * order: a group's events, a customer's contact events, a chat's messages. A record that is not
 * even JSON still gets a key (its text), so producers never refuse input: the jobs dead-letter it.
 */
public final class RecordKeys {

    private RecordKeys() {}

    /** {@code corp/ChatId} for group events, {@code corp/ExternalUserID} for contact events. */
    public static String callbackKey(String json) {
        try {
            JsonNode node = Json.parseObject(json);
            String corp = node.path("ToUserName").asText("");
            if (node.hasNonNull("ChatId")) {
                return corp + "/" + node.get("ChatId").asText();
            }
            if (node.hasNonNull("ExternalUserID")) {
                return corp + "/" + node.get("ExternalUserID").asText();
            }
            return corp;
        } catch (ParseException e) {
            return json;
        }
    }

    /** {@code corp/roomid} for group chats, {@code corp/a|b} (sorted participants) for one-to-one chats. */
    public static String archiveKey(String json) {
        try {
            JsonNode node = Json.parseObject(json);
            String corp = node.path("corpid").asText("");
            String room = node.path("roomid").asText("");
            if (!room.isEmpty()) {
                return corp + "/" + room;
            }
            List<String> participants = new ArrayList<>();
            participants.add(node.path("from").asText(node.path("user").asText("")));
            node.path("tolist").forEach(to -> participants.add(to.asText()));
            Collections.sort(participants);
            return corp + "/" + String.join("|", participants);
        } catch (ParseException e) {
            return json;
        }
    }
}
