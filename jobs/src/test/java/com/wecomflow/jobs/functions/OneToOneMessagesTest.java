package com.wecomflow.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.wecomflow.jobs.records.CustomerContact;
import com.wecomflow.jobs.records.CustomerContact.Kind;
import com.wecomflow.records.ArchiveMessage;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

class OneToOneMessagesTest {

    @Test
    void anEmployeeMessageToTwoCustomersIsTwoChatsAndOneMessage() {
        List<CustomerContact> contacts = contacts(message("send", "text", "lisi", List.of("wmA", "wmB", "wmA"), ""));

        assertThat(contacts)
                .extracting(CustomerContact::userid, CustomerContact::customerId, CustomerContact::kind,
                        CustomerContact::countsAsMessage)
                .containsExactly(
                        tuple("lisi", "wmA", Kind.EMPLOYEE_MESSAGE, true),
                        tuple("lisi", "wmB", Kind.EMPLOYEE_MESSAGE, false));
    }

    @Test
    void aCustomerMessageIsAttributedToTheEmployeeReceivingIt() {
        assertThat(contacts(message("send", "image", "woC", List.of("lisi"), "")))
                .extracting(CustomerContact::userid, CustomerContact::customerId, CustomerContact::kind)
                .containsExactly(tuple("lisi", "woC", Kind.CUSTOMER_MESSAGE));
    }

    @Test
    void groupMessagesUncountedRecordsAndInternalChatsAreNotCustomerChats() {
        assertThat(contacts(message("send", "text", "wmA", List.of("lisi"), "wrGroup"))).isEmpty();
        assertThat(contacts(message("recall", "revoke", "wmA", List.of("lisi"), ""))).isEmpty();
        assertThat(contacts(message("send", "agree", "wmA", List.of("lisi"), ""))).isEmpty();
        assertThat(contacts(message("send", "disagree", "wmA", List.of("lisi"), ""))).isEmpty();
        assertThat(contacts(message("switch", null, "lisi", List.of(), ""))).isEmpty();
        assertThat(contacts(message("send", "text", "lisi", List.of("zhangwei"), ""))).isEmpty();
        assertThat(contacts(message("send", "text", "wmA", List.of("wmB"), ""))).isEmpty();
    }

    private static List<CustomerContact> contacts(ArchiveMessage message) {
        List<CustomerContact> out = new ArrayList<>();
        new OneToOneMessages().flatMap(message, new ListCollector<>(out));
        return out;
    }

    private static ArchiveMessage message(String action, String type, String from, List<String> to, String room) {
        return new ArchiveMessage("wwcorp", "m1", 1L, action, from, new ArrayList<>(to), room, 1_795_000_000_000L, type,
                null, new ArrayList<>());
    }
}
