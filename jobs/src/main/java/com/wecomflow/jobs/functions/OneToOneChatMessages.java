package com.wecomflow.jobs.functions;

import com.wecomflow.jobs.records.ChatMessage;
import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.records.MemberType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a counted one-to-one message ({@code roomid ""}) between an employee and a customer into
 * one chat message per employee-customer pair: from an employee to each customer receiver, or from
 * a customer to each employee receiver. Group messages and chats between two employees or two
 * customers are not WeCom's one-to-one customer chats.
 */
public final class OneToOneChatMessages implements FlatMapFunction<ArchiveMessage, ChatMessage> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(ArchiveMessage message, Collector<ChatMessage> out) {
        for (ChatMessage chatMessage : of(message)) {
            out.collect(chatMessage);
        }
    }

    /** The message's one-to-one chats, in the order of its receivers, each once. */
    public static List<ChatMessage> of(ArchiveMessage message) {
        List<ChatMessage> chats = new ArrayList<>();
        if (!message.isCounted() || !message.isOneToOne()) {
            return chats;
        }
        String sender = message.from();
        boolean fromCustomer = MemberType.isCustomer(sender);
        for (String receiver : new LinkedHashSet<>(message.toList())) {
            if (MemberType.isCustomer(receiver) == fromCustomer) {
                continue;
            }
            String employee = fromCustomer ? receiver : sender;
            String customer = fromCustomer ? sender : receiver;
            chats.add(new ChatMessage(
                    message.corpId(), employee, customer, fromCustomer, message.msgId(), message.msgTimeMillis()));
        }
        return chats;
    }
}
