package com.wecomflow.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.records.DeadLetterKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses a chat-archive message as the finance SDK decrypts it, plus the bridge's {@code corpid}
 * and {@code seq} (DESIGN section 3). Malformed records raise a {@link ParseException} whose
 * message is the dead-letter reason.
 */
public final class ArchiveMessageParser implements RecordParser<ArchiveMessage> {

    private static final long serialVersionUID = 1L;

    /** Message types whose payload object is not named after the type. */
    private static final Map<String, String> PAYLOAD_KEYS = Map.of(
            "external_redpacket", "redpacket",
            "docmsg", "doc",
            "markdown", "info",
            "news", "info");

    @Override
    public Optional<ArchiveMessage> parse(String text) throws ParseException {
        JsonNode node = Json.parseObject(text);
        String corpId = Fields.requiredId(node, "corpid");
        String msgId = Fields.requiredId(node, "msgid");
        Long seq = Fields.optionalLong(node, "seq");
        String action = Fields.requiredText(node, "action");
        switch (action) {
            case "send":
            case "recall":
                return Optional.of(chatMessage(node, corpId, msgId, seq, action));
            case "switch":
                return Optional.of(new ArchiveMessage(
                        corpId,
                        msgId,
                        seq,
                        action,
                        Fields.requiredId(node, "user"),
                        new ArrayList<>(),
                        "",
                        Fields.requiredEpochMillis(node, "time"),
                        null,
                        null,
                        new ArrayList<>()));
            default:
                throw new ParseException(DeadLetterKind.INVALID_VALUE, "unknown action " + action);
        }
    }

    private static ArchiveMessage chatMessage(JsonNode node, String corpId, String msgId, Long seq, String action)
            throws ParseException {
        String msgType = Fields.requiredText(node, "msgtype");
        JsonNode payload = node.get(PAYLOAD_KEYS.getOrDefault(msgType, msgType));
        if (payload != null && !payload.isNull() && !payload.isObject()) {
            throw new ParseException(DeadLetterKind.WRONG_TYPE,
                    "field " + PAYLOAD_KEYS.getOrDefault(msgType, msgType) + " must be an object");
        }
        String textContent = null;
        List<String> readable = new ArrayList<>();
        if (payload != null && payload.isObject()) {
            switch (msgType) {
                case "text":
                    textContent = Fields.optionalText(payload, "content");
                    addIfPresent(readable, textContent);
                    break;
                case "markdown":
                    addIfPresent(readable, Fields.optionalText(payload, "content"));
                    break;
                case "news":
                    readable.addAll(newsTexts(payload));
                    break;
                case "link":
                case "weapp":
                    addIfPresent(readable, Fields.optionalText(payload, "title"));
                    addIfPresent(readable, Fields.optionalText(payload, "description"));
                    break;
                default:
                    break;
            }
        }
        return new ArchiveMessage(
                corpId,
                msgId,
                seq,
                action,
                Fields.requiredId(node, "from"),
                Fields.requiredTextArray(node, "tolist"),
                Fields.requiredText(node, "roomid"),
                Fields.requiredEpochMillis(node, "msgtime"),
                msgType,
                textContent,
                readable);
    }

    /** News {@code info.item[]}: each article's title and description. */
    private static List<String> newsTexts(JsonNode info) throws ParseException {
        List<String> texts = new ArrayList<>();
        JsonNode items = info.get("item");
        if (items != null && items.isArray()) {
            for (JsonNode item : items) {
                addIfPresent(texts, Fields.optionalText(item, "title"));
                addIfPresent(texts, Fields.optionalText(item, "description"));
            }
        }
        return texts;
    }

    private static void addIfPresent(List<String> texts, String text) {
        if (text != null && !text.isEmpty()) {
            texts.add(text);
        }
    }
}
