package com.wecomflow.jobs.functions;

import com.wecomflow.jobs.records.GroupActivity;
import com.wecomflow.records.CallbackEvent;
import java.util.LinkedHashSet;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a group's {@code add_member} / {@code del_member} change into one activity per member in
 * it: per distinct member, so that a list naming someone twice is still one join of theirs.
 */
public final class MembershipChanges implements FlatMapFunction<CallbackEvent, GroupActivity> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(CallbackEvent event, Collector<GroupActivity> out) {
        GroupActivity.Kind kind;
        if (event.isMembersAdded()) {
            kind = GroupActivity.Kind.JOINED;
        } else if (event.isMembersRemoved()) {
            kind = GroupActivity.Kind.QUIT;
        } else {
            return;
        }
        for (String member : new LinkedHashSet<>(event.memChangeList())) {
            out.collect(new GroupActivity(event.corpId(), event.chatId(), member, kind, event.createTimeMillis()));
        }
    }
}
