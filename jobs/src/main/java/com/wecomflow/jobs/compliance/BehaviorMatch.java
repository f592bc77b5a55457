package com.wecomflow.jobs.compliance;

import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.records.MemberType;
import java.io.Serializable;
import java.util.List;

/**
 * What a {@code behavior} rule (敏感行为, DESIGN section 5b) looks for: a counted message of one of
 * the listed msgtypes, from a sender of the given type, in a chat of the given kind.
 *
 * @param msgtypes the msgtypes that alert, e.g. {@code redpacket}, {@code card}, {@code file}
 * @param sender {@code employee}, {@code customer} or {@code any}
 * @param chat {@code single} (one-to-one, {@code roomid=""}), {@code group} or {@code any}
 */
public record BehaviorMatch(List<String> msgtypes, String sender, String chat) implements Serializable {

    public static final String ANY = "any";
    public static final List<String> SENDERS = List.of("employee", "customer", ANY);
    public static final List<String> CHATS = List.of("single", "group", ANY);

    public boolean matches(ArchiveMessage message) {
        return message.isCounted()
                && msgtypes.contains(message.msgType())
                && (ANY.equals(sender) || sender.equals(MemberType.of(message.from()).columnValue()))
                && (ANY.equals(chat) || ("single".equals(chat) ? message.isOneToOne() : message.isGroupMessage()));
    }
}
