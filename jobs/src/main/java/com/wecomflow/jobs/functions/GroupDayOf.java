package com.wecomflow.jobs.functions;

import com.wecomflow.jobs.records.GroupActivity;
import com.wecomflow.jobs.records.GroupDay;
import com.wecomflow.time.BusinessCalendar;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys a group activity by its group and the business day it happened on. */
public final class GroupDayOf implements KeySelector<GroupActivity, GroupDay> {

    private static final long serialVersionUID = 1L;

    private final BusinessCalendar calendar;

    public GroupDayOf(BusinessCalendar calendar) {
        this.calendar = calendar;
    }

    @Override
    public GroupDay getKey(GroupActivity activity) {
        return new GroupDay(activity.corpId(), activity.chatId(), calendar.dateOf(activity.eventTimeMillis()));
    }
}
