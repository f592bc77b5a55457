package com.wecomflow.jobs.functions;

import com.wecomflow.config.ReplyTimeoutSettings;
import com.wecomflow.functions.LatenessGate;
import com.wecomflow.functions.Versions;
import com.wecomflow.functions.WatermarkAwareFunction;
import com.wecomflow.jobs.compliance.ReplyWaits;
import com.wecomflow.jobs.compliance.ReplyWaits.Wait;
import com.wecomflow.jobs.records.Chat;
import com.wecomflow.jobs.records.ChatMessage;
import com.wecomflow.jobs.records.ComplianceAlert;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.MemberType;
import com.wecomflow.time.BusinessCalendar;
import com.wecomflow.time.WorkingTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

/**
 * {@code builtin.reply_timeout} (DESIGN section 5b) per one-to-one chat: a customer's wait not
 * answered before its due time, {@code reply_sla_minutes} of working time after it opened, is one
 * alert on the message that opened it. The alert goes out when event time passes the due time.
 * Messages may arrive in any order within the lateness horizon: each one recomputes the chat's
 * waits ({@link ReplyWaits}), and an alert that the recomputed waits no longer hold (a late answer,
 * or a late earlier customer message that opened the wait instead) is retracted: the same alert
 * with a higher version and {@code isDeleted} 1; one they hold again is raised again. So the latest
 * version of each alert is the same whatever the arrival order.
 */
public final class ReplyTimeoutFunction extends WatermarkAwareFunction<Chat, ChatMessage, ComplianceAlert> {

    private static final long serialVersionUID = 1L;

    public static final String RULE_ID = "builtin.reply_timeout";
    public static final String CATEGORY = "service";
    public static final String SEVERITY = "medium";

    /**
     * An alert this chat has emitted, and what it takes to emit it again.
     *
     * @param detectedAtMillis processing time when it was raised; a retraction repeats it
     */
    public record RaisedAlert(long openedAtMillis, long dueAtMillis, long detectedAtMillis, long version, boolean retracted) {}

    private final String stage;
    private final BusinessCalendar calendar;
    private final Duration horizon;
    private final WorkingTime workingTime;
    private final Duration sla;
    private final String matched;

    private transient ValueState<ReplyWaits> chat;
    /** By the msgid of the wait's opening message. */
    private transient MapState<String, RaisedAlert> raised;

    /** @param job names the job in dead letters */
    public ReplyTimeoutFunction(String job, BusinessCalendar calendar, Duration horizon, ReplyTimeoutSettings settings) {
        this.stage = job + "/" + RULE_ID;
        this.calendar = calendar;
        this.horizon = horizon;
        this.workingTime = settings.workingTime(calendar);
        this.sla = settings.sla();
        this.matched = settings.replySlaMinutes() + " min";
    }

    @Override
    public void open(OpenContext openContext) {
        chat = getRuntimeContext().getState(
                new ValueStateDescriptor<>("reply-waits", TypeInformation.of(ReplyWaits.class)));
        raised = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("raised-alerts", Types.STRING, TypeInformation.of(RaisedAlert.class)));
    }

    @Override
    public void processElement(ChatMessage message, Context context, Collector<ComplianceAlert> out) throws Exception {
        long watermark = watermark(context);
        long at = message.msgTimeMillis();
        if (at < LatenessGate.acceptedFrom(calendar, horizon, watermark)) {
            refuseLate(context, DeadLetter.ofEvent(stage, LatenessGate.tooLateReason(calendar.dateOf(at), horizon), message));
            return;
        }
        ReplyWaits waits = Objects.requireNonNullElseGet(chat.value(), ReplyWaits::new);
        if (!waits.add(message.msgId(), at, message.fromCustomer())) {
            return;
        }
        chat.update(waits);
        context.timerService().registerEventTimeTimer(LatenessGate.expiryOf(calendar, horizon, at));
        reconcile(waits, watermark, context, out);
    }

    /** A due time or a message's expiry: alert what is now due, then forget what can no longer change. */
    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<ComplianceAlert> out) throws Exception {
        long watermark = watermark(context);
        ReplyWaits waits = chat.value();
        if (waits == null) {
            return;
        }
        reconcile(waits, watermark, context, out);
        long cutoff = LatenessGate.acceptedFrom(calendar, horizon, watermark);
        waits.forgetBefore(cutoff, workingTime, sla);
        if (waits.isEmpty()) {
            chat.clear();
            raised.clear();
            return;
        }
        chat.update(waits);
        List<String> forgotten = new ArrayList<>();
        for (Map.Entry<String, RaisedAlert> entry : raised.entries()) {
            if (entry.getValue().openedAtMillis() < cutoff && !waits.holds(entry.getKey())) {
                forgotten.add(entry.getKey());
            }
        }
        for (String msgId : forgotten) {
            raised.remove(msgId);
        }
    }

    /**
     * Makes the emitted alerts match the breaches known at {@code watermark}: raises the new ones,
     * retracts those no longer breaches, and sets a timer for each breach not due yet.
     */
    private void reconcile(ReplyWaits waits, long watermark, Context context, Collector<ComplianceAlert> out)
            throws Exception {
        Map<String, Wait> breaches = new LinkedHashMap<>();
        for (Wait wait : waits.waits(workingTime, sla)) {
            if (wait.isBreachBy(watermark)) {
                breaches.put(wait.msgId(), wait);
            } else if (wait.isBreach()) {
                context.timerService().registerEventTimeTimer(wait.dueAtMillis());
            }
        }
        Map<String, RaisedAlert> changes = new LinkedHashMap<>();
        for (Map.Entry<String, RaisedAlert> entry : raised.entries()) {
            RaisedAlert alert = entry.getValue();
            if (!alert.retracted() && !breaches.containsKey(entry.getKey())) {
                changes.put(entry.getKey(), new RaisedAlert(alert.openedAtMillis(), alert.dueAtMillis(),
                        alert.detectedAtMillis(), nextVersion(alert.version(), context), true));
            }
        }
        for (Wait breach : breaches.values()) {
            RaisedAlert before = raised.get(breach.msgId());
            if (before == null || before.retracted()) {
                long now = context.timerService().currentProcessingTime();
                changes.put(breach.msgId(), new RaisedAlert(breach.openedAtMillis(), breach.dueAtMillis(), now,
                        nextVersion(before == null ? 0 : before.version(), context), false));
            }
        }
        for (Map.Entry<String, RaisedAlert> change : changes.entrySet()) {
            raised.put(change.getKey(), change.getValue());
            out.collect(alertOf(context.getCurrentKey(), change.getKey(), change.getValue()));
        }
    }

    private static long nextVersion(long previous, Context context) {
        return Versions.next(previous, context.timerService().currentProcessingTime());
    }

    private ComplianceAlert alertOf(Chat key, String msgId, RaisedAlert alert) {
        return new ComplianceAlert(
                SensitiveWordsFunction.alertId(msgId, RULE_ID),
                key.corpId(),
                msgId,
                calendar.formatDateTime(alert.openedAtMillis()),
                "",
                key.customer(),
                MemberType.of(key.customer()).columnValue(),
                new ArrayList<>(List.of(key.employee())),
                RULE_ID,
                CATEGORY,
                SEVERITY,
                matched,
                "no reply by " + calendar.formatDateTime(alert.dueAtMillis()),
                calendar.formatDateTime(alert.detectedAtMillis()),
                alert.version(),
                alert.retracted() ? 1 : 0);
    }
}
