package com.wecomflow.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.records.CallbackEvent;
import com.wecomflow.records.DeadLetterKind;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses a callback event: the decrypted callback XML as one JSON object, element name to value
 * (DESIGN section 3). Events the jobs do not use are accepted and ignored (an empty result);
 * malformed ones raise a {@link ParseException} whose message is the dead-letter reason.
 */
public final class CallbackEventParser implements RecordParser<CallbackEvent>, Serializable {

    private static final long serialVersionUID = 1L;

    private static final Set<String> CONTACT_CHANGES = Set.of(
            "add_external_contact",
            "add_half_external_contact",
            "edit_external_contact",
            "del_external_contact",
            "del_follow_user",
            "transfer_fail");

    private static final Set<String> CHAT_CHANGES = Set.of("create", "update", "dismiss");

    @Override
    public Optional<CallbackEvent> parse(String text) throws ParseException {
        JsonNode node = Json.parseObject(text);
        String corpId = Fields.requiredId(node, "ToUserName");
        long createTime = Fields.requiredEpochSeconds(node, "CreateTime");
        String event = Fields.requiredText(node, "Event");
        switch (event) {
            case CallbackEvent.CHANGE_EXTERNAL_CONTACT:
                return CONTACT_CHANGES.contains(Fields.requiredText(node, "ChangeType"))
                        ? Optional.of(contactChange(node, corpId, createTime))
                        : Optional.empty();
            case CallbackEvent.CHANGE_EXTERNAL_CHAT:
                return CHAT_CHANGES.contains(Fields.requiredText(node, "ChangeType"))
                        ? Optional.of(chatChange(node, corpId, createTime))
                        : Optional.empty();
            default:
                // Other events (change_external_tag, msg_audit_approved, ...) are valid and not ours.
                return Optional.empty();
        }
    }

    private static CallbackEvent contactChange(JsonNode node, String corpId, long createTime) throws ParseException {
        String changeType = Fields.requiredText(node, "ChangeType");
        return new CallbackEvent(
                identity(node),
                corpId,
                CallbackEvent.CHANGE_EXTERNAL_CONTACT,
                changeType,
                createTime,
                Fields.requiredId(node, "UserID"),
                Fields.requiredId(node, "ExternalUserID"),
                Fields.optionalText(node, "State"),
                null,
                null,
                new ArrayList<>());
    }

    private static CallbackEvent chatChange(JsonNode node, String corpId, long createTime) throws ParseException {
        String changeType = Fields.requiredText(node, "ChangeType");
        String updateDetail = Fields.optionalText(node, "UpdateDetail");
        boolean membershipChange = "update".equals(changeType)
                && ("add_member".equals(updateDetail) || "del_member".equals(updateDetail));
        List<String> members = membershipChange ? memberList(node) : new ArrayList<>();
        return new CallbackEvent(
                identity(node),
                corpId,
                CallbackEvent.CHANGE_EXTERNAL_CHAT,
                changeType,
                createTime,
                null,
                null,
                null,
                Fields.requiredId(node, "ChatId"),
                updateDetail,
                members);
    }

    /** {@code MemChangeList}: a JSON array of ids, or the older comma-separated string. */
    private static List<String> memberList(JsonNode node) throws ParseException {
        JsonNode value = node.get("MemChangeList");
        if (value == null || value.isNull()) {
            throw new ParseException(DeadLetterKind.MISSING_FIELD,
                    "missing required field MemChangeList for a membership change");
        }
        if (value.isObject() && value.has("Item")) {
            // The XML-to-JSON form of <MemChangeList><Item>..</Item></MemChangeList>.
            value = value.get("Item");
        }
        List<String> members = new ArrayList<>();
        if (value.isTextual()) {
            for (String id : value.asText().split(",")) {
                addMember(members, id);
            }
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    throw new ParseException(DeadLetterKind.WRONG_TYPE,
                            "field MemChangeList must hold strings, got " + item.getNodeType());
                }
                addMember(members, item.asText());
            }
        } else {
            throw new ParseException(DeadLetterKind.WRONG_TYPE,
                    "field MemChangeList must be an array or a comma-separated string, got " + value.getNodeType());
        }
        if (members.isEmpty()) {
            throw new ParseException(DeadLetterKind.MISSING_FIELD, "field MemChangeList names no member");
        }
        return members;
    }

    private static void addMember(List<String> members, String id) {
        String trimmed = id.trim();
        if (!trimmed.isEmpty()) {
            members.add(trimmed);
        }
    }

    private static String identity(JsonNode node) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Json.canonical(node).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
