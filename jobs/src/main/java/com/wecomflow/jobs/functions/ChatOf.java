package com.wecomflow.jobs.functions;

import com.wecomflow.jobs.records.Chat;
import com.wecomflow.jobs.records.ChatMessage;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys a chat message by its one-to-one chat. */
public final class ChatOf implements KeySelector<ChatMessage, Chat> {

    private static final long serialVersionUID = 1L;

    @Override
    public Chat getKey(ChatMessage message) {
        return new Chat(message.corpId(), message.employee(), message.customer());
    }
}
