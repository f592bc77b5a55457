package com.wecomflow.jobs.functions;

import com.wecomflow.jobs.records.CustomerEvent;
import com.wecomflow.jobs.records.CustomerEvent.Kind;
import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.records.MemberType;
import com.wecomflow.text.CheckinDetector;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** The funnel's messages: a customer's counted message in any chat, and their group check-ins. */
public final class CustomerEventsFromMessages implements FlatMapFunction<ArchiveMessage, CustomerEvent> {

    private static final long serialVersionUID = 1L;

    private final CheckinDetector checkins;

    public CustomerEventsFromMessages(CheckinDetector checkins) {
        this.checkins = checkins;
    }

    @Override
    public void flatMap(ArchiveMessage message, Collector<CustomerEvent> out) {
        if (!message.isCounted() || !MemberType.isCustomer(message.from())) {
            return;
        }
        out.collect(new CustomerEvent(message.corpId(), message.from(), Kind.SENT_MESSAGE, message.msgTimeMillis(),
                null, null));
        if (checkins.isCheckin(message)) {
            out.collect(new CustomerEvent(message.corpId(), message.from(), Kind.CHECKED_IN, message.msgTimeMillis(),
                    null, null));
        }
    }
}
