package com.wecomflow.jobs.functions;

import com.wecomflow.jobs.records.GroupActivity;
import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.text.CheckinDetector;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Turns a counted group message into its sender's activity: a check-in or an ordinary message. */
public final class GroupMessages implements FlatMapFunction<ArchiveMessage, GroupActivity> {

    private static final long serialVersionUID = 1L;

    private final CheckinDetector checkins;

    public GroupMessages(CheckinDetector checkins) {
        this.checkins = checkins;
    }

    @Override
    public void flatMap(ArchiveMessage message, Collector<GroupActivity> out) {
        if (!message.isCounted() || !message.isGroupMessage()) {
            return;
        }
        GroupActivity.Kind kind = checkins.isCheckin(message) ? GroupActivity.Kind.CHECKIN : GroupActivity.Kind.MESSAGE;
        out.collect(new GroupActivity(
                message.corpId(), message.roomId(), message.from(), kind, message.msgTimeMillis()));
    }
}
