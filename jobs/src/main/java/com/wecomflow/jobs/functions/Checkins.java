package com.wecomflow.jobs.functions;

import com.wecomflow.jobs.records.Checkin;
import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.text.CheckinDetector;
import com.wecomflow.time.BusinessCalendar;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Keeps the group check-ins among archive messages, on their business day. */
public final class Checkins implements FlatMapFunction<ArchiveMessage, Checkin> {

    private static final long serialVersionUID = 1L;

    private final CheckinDetector detector;
    private final BusinessCalendar calendar;

    public Checkins(CheckinDetector detector, BusinessCalendar calendar) {
        this.detector = detector;
        this.calendar = calendar;
    }

    @Override
    public void flatMap(ArchiveMessage message, Collector<Checkin> out) {
        if (detector.isCheckin(message)) {
            out.collect(new Checkin(message.corpId(), message.roomId(), message.from(),
                    calendar.dateOf(message.msgTimeMillis()), message.msgTimeMillis()));
        }
    }
}
