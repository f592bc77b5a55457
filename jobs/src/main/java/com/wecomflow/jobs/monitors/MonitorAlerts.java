package com.wecomflow.jobs.monitors;

import com.wecomflow.jobs.functions.SensitiveWordsFunction;

/**
 * Identities of alerts that have no message ({@code msgid = ""}, DESIGN section 5b): derived from
 * the rule, the sender or group, and the day or window, hashed as a message's alert is, so that a
 * replay or a re-emission with a higher version lands on the same alert.
 */
public final class MonitorAlerts {

    private MonitorAlerts() {}

    /**
     * @param subject what the alert is about, e.g. the group, the sender and the window start; the
     *     parts are joined with NUL, which no message id contains, so no message alert can share the id
     */
    public static String alertId(String ruleId, String... subject) {
        return SensitiveWordsFunction.alertId(String.join("\u0000", subject), ruleId);
    }
}
