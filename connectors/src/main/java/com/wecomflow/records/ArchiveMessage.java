package com.wecomflow.records;

import java.util.List;
import java.util.Set;

/**
 * One chat-archive (会话存档) message as the finance SDK decrypts it, plus the bridge's
 * {@code corpid} and {@code seq} (DESIGN section 3).
 *
 * @param corpId {@code corpid}
 * @param msgId {@code msgid}; with {@code corpId} the message's identity
 * @param seq {@code seq}, or null
 * @param action {@code send}, {@code recall} or {@code switch}
 * @param from the sender ({@code user} for a switch record)
 * @param toList the receivers
 * @param roomId the group id, {@code ""} for a one-to-one chat
 * @param msgTimeMillis {@code msgtime} (or {@code time} for a switch record), Unix milliseconds
 * @param msgType {@code msgtype}, null for a switch record
 * @param textContent {@code text.content} for a text message, else null
 * @param readableTexts every human-readable text the message carries (text content, markdown and
 *     news {@code info}, link and weapp title and description), each on its own
 */
public record ArchiveMessage(
        String corpId,
        String msgId,
        Long seq,
        String action,
        String from,
        List<String> toList,
        String roomId,
        long msgTimeMillis,
        String msgType,
        String textContent,
        List<String> readableTexts) {

    private static final Set<String> NOT_COUNTED_TYPES = Set.of("revoke", "agree", "disagree");

    /** A message counts when it is sent and is not a recall notice or an agree/disagree record (DESIGN section 5). */
    public boolean isCounted() {
        return "send".equals(action) && msgType != null && !NOT_COUNTED_TYPES.contains(msgType);
    }

    public boolean isGroupMessage() {
        return roomId != null && !roomId.isEmpty();
    }

    public boolean isOneToOne() {
        return roomId != null && roomId.isEmpty();
    }

    /** The message's identity within the tenant: archive pulls overlap, so the same message may arrive twice. */
    public String identity() {
        return corpId + "/" + msgId;
    }
}
