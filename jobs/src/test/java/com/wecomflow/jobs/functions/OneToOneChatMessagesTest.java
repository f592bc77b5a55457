package com.wecomflow.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.jobs.records.Chat;
import com.wecomflow.jobs.records.ChatMessage;
import com.wecomflow.records.ArchiveMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OneToOneChatMessagesTest {

    private static final long MSGTIME = 1_795_000_000_000L;

    @Test
    void aCustomerMessageToTwoEmployeesIsAMessageOfEachChatWithTheSameMsgid() {
        List<ChatMessage> chats = OneToOneChatMessages.of(message("wmA", List.of("lisi", "zhangwei", "wmB", "lisi"), ""));

        assertThat(chats).containsExactly(
                new ChatMessage("wwcorp", "lisi", "wmA", true, "m1", MSGTIME),
                new ChatMessage("wwcorp", "zhangwei", "wmA", true, "m1", MSGTIME));
        assertThat(new ChatOf().getKey(chats.get(1))).isEqualTo(new Chat("wwcorp", "zhangwei", "wmA"));
    }

    @Test
    void anEmployeeMessageIsKeyedByTheEmployeeAndEachCustomer() {
        assertThat(OneToOneChatMessages.of(message("lisi", List.of("woC", "zhangwei"), "")))
                .containsExactly(new ChatMessage("wwcorp", "lisi", "woC", false, "m1", MSGTIME));
    }

    @Test
    void aGroupMessageIsNoOneToOneChat() {
        assertThat(OneToOneChatMessages.of(message("wmA", List.of("lisi"), "wrGroup"))).isEmpty();
    }

    private static ArchiveMessage message(String from, List<String> to, String room) {
        return new ArchiveMessage("wwcorp", "m1", 1L, "send", from, new ArrayList<>(to), room, MSGTIME, "text", "hi",
                new ArrayList<>(List.of("hi")));
    }
}
