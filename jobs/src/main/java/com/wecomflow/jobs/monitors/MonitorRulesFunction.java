package com.wecomflow.jobs.monitors;

import com.wecomflow.jobs.compliance.ComplianceRule;
import com.wecomflow.jobs.compliance.RuleParser;
import com.wecomflow.jobs.functions.SensitiveWordsFunction;
import com.wecomflow.jobs.records.ComplianceAlert;
import com.wecomflow.parse.ParseException;
import com.wecomflow.records.RawRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Applies the rules in force to the monitors' alerts ({@code builtin.flood},
 * {@code builtin.mass_deletion}, {@code builtin.reply_timeout}): drops the alerts of a monitor that
 * a rule line of its id disables, and files them under the category and severity such a line
 * gives. Rules come as to the word matching (start-up rules, then the rules topic, a null value
 * deleting) and take effect for the alerts processed after them. A rule line that is not valid is
 * ignored here: the word matching dead-letters it, once.
 */
public final class MonitorRulesFunction extends BroadcastProcessFunction<ComplianceAlert, RawRecord, ComplianceAlert> {

    private static final long serialVersionUID = 1L;

    /** The rules stream's state, as the word matching declares it; this operator keeps the built-ins' lines in it. */
    public static final MapStateDescriptor<String, ComplianceRule> RULES = SensitiveWordsFunction.RULES;

    private final Map<String, ComplianceRule> startupRules = new HashMap<>();

    public MonitorRulesFunction(List<ComplianceRule> startupRules) {
        for (ComplianceRule rule : startupRules) {
            this.startupRules.put(rule.ruleId(), rule);
        }
    }

    @Override
    public void processElement(ComplianceAlert alert, ReadOnlyContext context, Collector<ComplianceAlert> out)
            throws Exception {
        ReadOnlyBroadcastState<String, ComplianceRule> updates = context.getBroadcastState(RULES);
        ComplianceRule rule = updates.contains(alert.ruleId())
                ? updates.get(alert.ruleId())
                : startupRules.get(alert.ruleId());
        ComplianceAlert applied = applied(alert, rule);
        if (applied != null) {
            out.collect(applied);
        }
    }

    /** The alert as the rule of its id has it: null when the rule disables it, re-classified when it says so. */
    public static ComplianceAlert applied(ComplianceAlert alert, ComplianceRule rule) {
        if (rule == null || rule.deleted()) {
            return alert;
        }
        if (!rule.enabled()) {
            return null;
        }
        return alert.classified(
                rule.category() != null ? rule.category() : alert.category(),
                rule.severity() != null ? rule.severity() : alert.severity());
    }

    @Override
    public void processBroadcastElement(RawRecord update, Context context, Collector<ComplianceAlert> out)
            throws Exception {
        if (update.text() == null) {
            if (update.key() != null) {
                context.getBroadcastState(RULES).put(update.key(), ComplianceRule.deletion(update.key()));
            }
        } else if (update.textProblem() == null) {
            try {
                ComplianceRule rule = RuleParser.parse(update.text());
                if (ComplianceRule.BUILTIN_IDS.contains(rule.ruleId())) {
                    context.getBroadcastState(RULES).put(rule.ruleId(), rule);
                }
            } catch (ParseException e) {
                // Dead-lettered by the word matching, which reads the same rules.
            }
        }
    }
}
