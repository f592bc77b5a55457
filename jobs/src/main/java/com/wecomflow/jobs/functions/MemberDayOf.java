package com.wecomflow.jobs.functions;

import com.wecomflow.jobs.records.GroupActivity;
import com.wecomflow.jobs.records.MemberDay;
import com.wecomflow.time.BusinessCalendar;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys a group activity by its member, group and business day. */
public final class MemberDayOf implements KeySelector<GroupActivity, MemberDay> {

    private static final long serialVersionUID = 1L;

    private final BusinessCalendar calendar;

    public MemberDayOf(BusinessCalendar calendar) {
        this.calendar = calendar;
    }

    @Override
    public MemberDay getKey(GroupActivity activity) {
        return new MemberDay(activity.corpId(), activity.chatId(), activity.memberId(),
                calendar.dateOf(activity.eventTimeMillis()));
    }
}
