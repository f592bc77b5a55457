package com.wecomflow.jobs.monitors;

import com.wecomflow.functions.LatenessGate;
import com.wecomflow.functions.Versions;
import com.wecomflow.functions.WatermarkAwareFunction;
import com.wecomflow.jobs.compliance.ComplianceRule;
import com.wecomflow.jobs.records.ComplianceAlert;
import com.wecomflow.jobs.records.FloodWindow;
import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.MemberType;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.util.ArrayList;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

/**
 * {@code builtin.flood} (刷屏, DESIGN section 5b), keyed by (group, sender, window): counts the
 * sender's counted messages in the window and alerts once, when the count reaches
 * {@code flood_messages}. Messages arrive de-duplicated, so a retry never counts twice, and a count
 * only grows, so the alert is the same whatever the arrival order. The window's count lives until
 * event time passes the window's end plus the lateness horizon; a message for a window already
 * cleared is dead-lettered, as every daily function does.
 */
public final class FloodFunction extends WatermarkAwareFunction<FloodWindow, ArchiveMessage, ComplianceAlert> {

    private static final long serialVersionUID = 1L;

    static final String STAGE = "sensitive-words/" + ComplianceRule.BUILTIN_FLOOD;

    private final BusinessCalendar calendar;
    private final int floodMessages;
    private final Duration window;
    private final Duration horizon;

    private transient ValueState<Integer> count;

    public FloodFunction(BusinessCalendar calendar, int floodMessages, Duration window, Duration horizon) {
        this.calendar = calendar;
        this.floodMessages = floodMessages;
        this.window = window;
        this.horizon = horizon;
    }

    @Override
    public void open(OpenContext openContext) {
        count = getRuntimeContext().getState(new ValueStateDescriptor<>("messages-in-window", Types.INT));
    }

    @Override
    public void processElement(ArchiveMessage message, Context context, Collector<ComplianceAlert> out) throws Exception {
        FloodWindow key = context.getCurrentKey();
        long expiry = key.windowStartMillis() + window.toMillis() + horizon.toMillis();
        if (watermark(context) >= expiry) {
            refuseLate(context, DeadLetter.ofEvent(STAGE,
                    LatenessGate.tooLateReason(calendar.dateOf(message.msgTimeMillis()), horizon), message));
            return;
        }
        context.timerService().registerEventTimeTimer(expiry);
        Integer before = count.value();
        int after = (before == null ? 0 : before) + 1;
        count.update(after);
        if (after == floodMessages) {
            out.collect(alert(key, context.timerService().currentProcessingTime()));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<ComplianceAlert> out) {
        // Remembered before the window goes, so that it stays closed after a restore.
        watermark(context);
        count.clear();
    }

    private ComplianceAlert alert(FloodWindow key, long now) {
        return new ComplianceAlert(
                MonitorAlerts.alertId(ComplianceRule.BUILTIN_FLOOD, key.chatId(), key.sender(),
                        Long.toString(key.windowStartMillis())),
                key.corpId(),
                "",
                calendar.formatDateTime(key.windowStartMillis()),
                key.chatId(),
                key.sender(),
                MemberType.of(key.sender()).columnValue(),
                new ArrayList<>(),
                ComplianceRule.BUILTIN_FLOOD,
                "flood",
                "medium",
                floodMessages + " messages in " + window.toSeconds() + " s",
                "",
                calendar.formatDateTime(now),
                Versions.next(0, now),
                0);
    }
}
