package com.wecomflow.jobs.functions;

import com.wecomflow.functions.DeadLetters;
import com.wecomflow.functions.Versions;
import com.wecomflow.jobs.compliance.ComplianceRule;
import com.wecomflow.jobs.compliance.RuleParser;
import com.wecomflow.jobs.compliance.RuleSet;
import com.wecomflow.jobs.records.ComplianceAlert;
import com.wecomflow.metrics.DeadLetterCounters;
import com.wecomflow.parse.ParseException;
import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.DeadLetterKind;
import com.wecomflow.records.MemberType;
import com.wecomflow.records.RawRecord;
import com.wecomflow.time.BusinessCalendar;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Scans counted messages with the compliance rules in force and emits one alert per message and
 * matching rule. Rules arrive on the broadcast rules topic (keyed by rule id; a null value deletes)
 * and take effect for the messages processed after them, without a restart; rules given at
 * start-up (the topic's content when the job started, or a replay's rules file) apply from the
 * first message. A rule that cannot work is dead-lettered ({@code rule_rejected}) and the others
 * go on; a rule that exceeds its matching budget on a message is skipped for it ({@code rule_skipped}).
 */
public final class SensitiveWordsFunction extends BroadcastProcessFunction<ArchiveMessage, RawRecord, ComplianceAlert> {

    private static final long serialVersionUID = 1L;

    public static final MapStateDescriptor<String, ComplianceRule> RULES =
            new MapStateDescriptor<>("compliance-rules", Types.STRING, TypeInformation.of(ComplianceRule.class));

    private final String job;
    private final BusinessCalendar calendar;
    private final List<ComplianceRule> startupRules;

    /** The compiled rules, rebuilt when a rule changes; every parallel instance sees the same changes. */
    private transient RuleSet compiled;
    private transient DeadLetterCounters deadLetters;

    public SensitiveWordsFunction(String job, BusinessCalendar calendar, List<ComplianceRule> startupRules) {
        this.job = job;
        this.calendar = calendar;
        this.startupRules = new ArrayList<>(startupRules);
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetters = DeadLetterCounters.register(getRuntimeContext().getMetricGroup(),
                Set.of(DeadLetterKind.RULE_REJECTED, DeadLetterKind.RULE_SKIPPED));
    }

    @Override
    public void processElement(ArchiveMessage message, ReadOnlyContext context, Collector<ComplianceAlert> out)
            throws Exception {
        if (!message.isCounted() || message.readableTexts().isEmpty()) {
            return;
        }
        if (compiled == null) {
            List<ComplianceRule> updates = new ArrayList<>();
            for (Map.Entry<String, ComplianceRule> entry : context.getBroadcastState(RULES).immutableEntries()) {
                updates.add(entry.getValue());
            }
            compiled = RuleSet.of(startupRules, updates);
        }
        RuleSet.Scan scan = compiled.scan(message.readableTexts());
        for (ComplianceRule rule : scan.stopped()) {
            DeadLetter skipped = new DeadLetter(job,
                    "rule " + rule.ruleId() + " exceeded its matching budget on message " + message.identity()
                            + " and was skipped for it (a regex that backtracks too much?)",
                    "wecom.compliance.rules", -1, -1L, null, null, rule.pattern());
            context.output(DeadLetters.TAG, deadLetters.count(DeadLetterKind.RULE_SKIPPED, skipped));
        }
        if (scan.hits().isEmpty()) {
            return;
        }
        String detectedAt = calendar.formatDateTime(context.currentProcessingTime());
        for (RuleSet.Hit hit : scan.hits()) {
            out.collect(new ComplianceAlert(
                    alertId(message.msgId(), hit.rule().ruleId()),
                    message.corpId(),
                    message.msgId(),
                    calendar.formatDateTime(message.msgTimeMillis()),
                    message.roomId(),
                    message.from(),
                    MemberType.of(message.from()).columnValue(),
                    new ArrayList<>(message.toList()),
                    hit.rule().ruleId(),
                    hit.rule().category(),
                    hit.rule().severity(),
                    hit.matched(),
                    hit.excerpt(),
                    detectedAt,
                    Versions.next(0, context.currentProcessingTime()),
                    0));
        }
    }

    @Override
    public void processBroadcastElement(RawRecord update, Context context, Collector<ComplianceAlert> out)
            throws Exception {
        BroadcastState<String, ComplianceRule> rules = context.getBroadcastState(RULES);
        if (update.text() == null) {
            if (update.key() == null) {
                rejectRule(context, "rule deletion without a rule_id key", update);
                return;
            }
            rules.put(update.key(), ComplianceRule.deletion(update.key()));
        } else if (update.textProblem() != null) {
            rejectRule(context, "rule rejected: " + update.textProblem(), update);
            return;
        } else {
            try {
                ComplianceRule rule = RuleParser.parse(update.text());
                rules.put(rule.ruleId(), rule);
            } catch (ParseException e) {
                rejectRule(context, "rule rejected: " + e.getMessage(), update);
                return;
            }
        }
        compiled = null;
    }

    private void rejectRule(Context context, String reason, RawRecord update) {
        DeadLetter rejected = DeadLetter.of(job, reason, update);
        context.output(DeadLetters.TAG, deadLetters.count(DeadLetterKind.RULE_REJECTED, rejected));
    }

    /** The alert's identity: the message and the rule, nothing else, so replays and duplicates map to one alert. */
    public static String alertId(String msgId, String ruleId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((msgId + "\u0000" + ruleId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
