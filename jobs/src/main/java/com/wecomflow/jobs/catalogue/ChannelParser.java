package com.wecomflow.jobs.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.jobs.records.ChannelUpdate;
import com.wecomflow.kafka.RecordKeys;
import com.wecomflow.parse.Json;
import com.wecomflow.parse.ParseException;
import com.wecomflow.parse.RecordParser;
import com.wecomflow.records.DeadLetterKind;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Reads one record of the channel catalogue (DESIGN section 5b), a line of a {@code --channels}
 * file or a value of {@code wecom.channels}: a JSON object with {@code corp_id} and {@code state}
 * (required, non-empty strings; {@code state} at most 30 characters, as WeCom's contact-way
 * State), {@code name}, {@code kind}, {@code campaign}, {@code region}, {@code store},
 * {@code inviter} (strings, default "") and {@code target} (a non-negative integer, default 0),
 * no other key. A record without a value deletes the entry its key {@code corp/state} names. A
 * record that breaks any of this is a {@link ParseException} naming the problem.
 */
public final class ChannelParser implements RecordParser<ChannelUpdate> {

    private static final long serialVersionUID = 1L;

    /** WeCom refuses a contact way whose State is longer. */
    public static final int MAX_STATE_CHARS = 30;

    /** The largest target a {@code UInt32} column holds. */
    private static final long MAX_TARGET = 0xFFFF_FFFFL;

    /** Every key an entry may have: any other is a typo (as in rules and the config), never silently a default. */
    private static final List<String> KEYS =
            List.of("corp_id", "state", "name", "kind", "campaign", "region", "store", "inviter", "target");

    @Override
    public Optional<ChannelUpdate> parse(String text) throws ParseException {
        return Optional.of(entry(text));
    }

    /** A value must be about the entry its key names, or compaction and deletions would act on another entry. */
    @Override
    public Optional<ChannelUpdate> parse(String key, String text) throws ParseException {
        ChannelUpdate entry = entry(text);
        String expected = new RecordKeys.ChannelKey(entry.corpId(), entry.state()).text();
        if (key != null && !key.equals(expected)) {
            throw new ParseException(DeadLetterKind.INVALID_VALUE,
                    "channel " + expected + ": the record's key is " + key + ", not corp_id/state " + expected);
        }
        return Optional.of(entry);
    }

    @Override
    public Optional<ChannelUpdate> parseTombstone(String key) throws ParseException {
        RecordKeys.ChannelKey channel = RecordKeys.ChannelKey.parse(key);
        if (channel == null) {
            throw new ParseException(DeadLetterKind.NO_VALUE,
                    "a record without a value deletes the channel its key corp/state names; its key is "
                            + (key == null ? "missing" : key));
        }
        return Optional.of(ChannelUpdate.deletion(channel));
    }

    private static ChannelUpdate entry(String text) throws ParseException {
        JsonNode node = Json.parseObject(text);
        String corpId = required(node, "corp_id");
        String state = required(node, "state");
        String channel = corpId + "/" + state;
        if (corpId.indexOf('/') >= 0) {
            throw new ParseException(DeadLetterKind.INVALID_VALUE,
                    "channel " + channel + ": corp_id must not contain / (the topic is keyed corp/state)");
        }
        int stateChars = state.codePointCount(0, state.length());
        if (stateChars > MAX_STATE_CHARS) {
            throw new ParseException(DeadLetterKind.INVALID_VALUE, "channel " + channel + ": state must be at most "
                    + MAX_STATE_CHARS + " characters (WeCom's limit), got " + stateChars);
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                throw new ParseException(DeadLetterKind.INVALID_VALUE,
                        "channel " + channel + ": unknown key " + key + " (known: " + String.join(", ", KEYS) + ")");
            }
        }
        return new ChannelUpdate(corpId, state,
                optional(node, "name", channel),
                optional(node, "kind", channel),
                optional(node, "campaign", channel),
                optional(node, "region", channel),
                optional(node, "store", channel),
                optional(node, "inviter", channel),
                target(node, channel),
                false);
    }

    private static String required(JsonNode node, String field) throws ParseException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            throw new ParseException(DeadLetterKind.MISSING_FIELD, "missing required field " + field);
        }
        if (!value.isTextual()) {
            throw new ParseException(DeadLetterKind.WRONG_TYPE,
                    "field " + field + " must be a string, got " + value.getNodeType());
        }
        return value.asText();
    }

    private static String optional(JsonNode node, String field, String channel) throws ParseException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw new ParseException(DeadLetterKind.WRONG_TYPE,
                    "channel " + channel + ": field " + field + " must be a string, got " + value.getNodeType());
        }
        return value.asText();
    }

    private static long target(JsonNode node, String channel) throws ParseException {
        JsonNode value = node.get("target");
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber()) {
            throw new ParseException(DeadLetterKind.WRONG_TYPE,
                    "channel " + channel + ": target must be a non-negative integer, got " + value);
        }
        if (value.canConvertToLong() && value.asLong() >= 0 && value.asLong() <= MAX_TARGET) {
            return value.asLong();
        }
        throw new ParseException(DeadLetterKind.INVALID_VALUE,
                "channel " + channel + ": target must be between 0 and " + MAX_TARGET + ", got " + value);
    }
}
