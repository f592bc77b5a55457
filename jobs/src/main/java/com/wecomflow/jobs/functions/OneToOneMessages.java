package com.wecomflow.jobs.functions;

import com.wecomflow.jobs.records.CustomerContact;
import com.wecomflow.jobs.records.CustomerContact.Kind;
import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.records.MemberType;
import java.util.LinkedHashSet;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a counted one-to-one message ({@code roomid ""}) between an employee and a customer into
 * one contact per employee-customer pair: from an employee to each customer receiver, or from a
 * customer to each employee receiver. Group messages and chats between two employees or two
 * customers are not WeCom's one-to-one customer chats.
 */
public final class OneToOneMessages implements FlatMapFunction<ArchiveMessage, CustomerContact> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(ArchiveMessage message, Collector<CustomerContact> out) {
        if (!message.isCounted() || !message.isOneToOne()) {
            return;
        }
        String sender = message.from();
        boolean fromCustomer = MemberType.isCustomer(sender);
        boolean first = true;
        for (String receiver : new LinkedHashSet<>(message.toList())) {
            if (MemberType.isCustomer(receiver) == fromCustomer) {
                continue;
            }
            if (fromCustomer) {
                out.collect(new CustomerContact(message.corpId(), receiver, sender, Kind.CUSTOMER_MESSAGE,
                        message.msgTimeMillis(), false));
            } else {
                out.collect(new CustomerContact(message.corpId(), sender, receiver, Kind.EMPLOYEE_MESSAGE,
                        message.msgTimeMillis(), first));
                first = false;
            }
        }
    }
}
