package com.wecomflow.jobs.functions;

import com.wecomflow.jobs.records.ChatMessage;
import com.wecomflow.jobs.records.CustomerContact;
import com.wecomflow.jobs.records.CustomerContact.Kind;
import com.wecomflow.records.ArchiveMessage;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a counted one-to-one message into one contact per employee-customer pair
 * ({@link OneToOneChatMessages}); an employee's message to several customers counts as a message
 * for the first of them only.
 */
public final class OneToOneMessages implements FlatMapFunction<ArchiveMessage, CustomerContact> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(ArchiveMessage message, Collector<CustomerContact> out) {
        boolean first = true;
        for (ChatMessage chat : OneToOneChatMessages.of(message)) {
            if (chat.fromCustomer()) {
                out.collect(new CustomerContact(chat.corpId(), chat.employee(), chat.customer(), Kind.CUSTOMER_MESSAGE,
                        chat.msgTimeMillis(), false));
            } else {
                out.collect(new CustomerContact(chat.corpId(), chat.employee(), chat.customer(), Kind.EMPLOYEE_MESSAGE,
                        chat.msgTimeMillis(), first));
                first = false;
            }
        }
    }
}
