package com.wecomflow.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.parse.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints a readable summary of the tables a replay wrote. It reads "now" as the analysts' queries
 * do: the newest business date in the data, so an open attribution window or a broken streak is
 * shown as such.
 */
public final class DemoReport {

    /** The compliance monitors of DESIGN 5b, built in and on unless disabled. */
    static final List<String> MONITORS = List.of("builtin.flood", "builtin.mass_deletion", "builtin.reply_timeout");
    private static final String REPLY_TIMEOUT = "builtin.reply_timeout";

    private final Path results;
    private final Path rules;
    private final PrintStream out;
    private final int attributionWindowDays;

    public DemoReport(Path results, int attributionWindowDays, PrintStream out) {
        this(results, null, attributionWindowDays, out);
    }

    /** With the rules file the replay read (null: none), whose behaviour rules are shown beside the monitors. */
    public DemoReport(Path results, Path rules, int attributionWindowDays, PrintStream out) {
        this.results = results;
        this.rules = rules;
        this.attributionWindowDays = attributionWindowDays;
        this.out = out;
    }

    public void print() throws IOException {
        List<JsonNode> cohorts = read("channel_conversion_daily.jsonl");
        List<JsonNode> groupDays = read("group_daily_stats.jsonl");
        List<JsonNode> employeeDays = read("employee_daily_behavior.jsonl");
        LocalDate newest = newestBusinessDate(cohorts, groupDays, employeeDays);
        printChannelFunnel(cohorts, newest);
        printGroupDailyStats(groupDays);
        printMostActiveMembers(read("member_daily_activity.jsonl"));
        printReplyPerformance(employeeDays);
        printStreakLeaderboards(read("checkin_streaks.jsonl"), read("checkin_milestones.jsonl"), newest);
        List<JsonNode> alerts = read("compliance_alerts.jsonl");
        printAlerts(alerts);
        printAlertsPerMonitor(alerts, behaviourRules());
        printDeadLetters(read("deadletter.jsonl"));
    }

    /**
     * The newest business date with any event, as sql/migrations' {@code newest_business_date} view
     * defines it: every event makes a row dated on its day in one of these tables.
     */
    static LocalDate newestBusinessDate(List<JsonNode> cohorts, List<JsonNode> groupDays, List<JsonNode> employeeDays) {
        LocalDate newest = LocalDate.MIN;
        for (JsonNode row : cohorts) {
            newest = later(newest, row.get("cohort_date").asText());
        }
        for (JsonNode row : groupDays) {
            newest = later(newest, row.get("stat_date").asText());
        }
        for (JsonNode row : employeeDays) {
            newest = later(newest, row.get("stat_date").asText());
        }
        return newest;
    }

    private static LocalDate later(LocalDate newest, String date) {
        LocalDate day = LocalDate.parse(date);
        return day.isAfter(newest) ? day : newest;
    }

    /**
     * Per channel, the cohorts whose attribution window has ended (as channel_funnel_by_week.sql marks
     * them): customers acquired and the share reaching each stage within the window. Cohorts still in
     * their window would show stages not yet reached, so they are only counted apart.
     */
    private void printChannelFunnel(List<JsonNode> rows, LocalDate newest) {
        Map<String, long[]> byChannel = new TreeMap<>();
        long customersInOpenWindows = 0;
        for (JsonNode row : rows) {
            if (!LocalDate.parse(row.get("cohort_date").asText()).plusDays(attributionWindowDays).isBefore(newest)) {
                customersInOpenWindows += row.get("new_customers").asLong();
                continue;
            }
            long[] t = byChannel.computeIfAbsent(row.get("state").asText(), s -> new long[5]);
            t[0] += row.get("new_customers").asLong();
            t[1] += row.get("joined_group").asLong();
            t[2] += row.get("engaged").asLong();
            t[3] += row.get("checked_in").asLong();
            t[4] += row.get("lost").asLong();
        }
        out.println();
        out.printf("channel_conversion_daily: funnel per channel (State), cohorts whose %d-day window ended by %s%n",
                attributionWindowDays, newest);
        out.printf("  %-20s  %9s  %14s  %14s  %14s  %14s%n", "state", "customers", "joined group", "engaged",
                "checked in", "lost");
        byChannel.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0]).reversed()
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> {
                    long[] t = e.getValue();
                    out.printf("  %-20s  %9d  %14s  %14s  %14s  %14s%n", e.getKey().isEmpty() ? "(no State)" : e.getKey(),
                            t[0], rate(t[1], t[0]), rate(t[2], t[0]), rate(t[3], t[0]), rate(t[4], t[0]));
                });
        out.printf("  (stages within the window; %,d more customers are in cohorts whose window is still open)%n",
                customersInOpenWindows);
    }

    private static String rate(long count, long of) {
        return of == 0 ? "-" : String.format("%d (%4.1f%%)", count, 100.0 * count / of);
    }

    private void printGroupDailyStats(List<JsonNode> rows) {
        out.println();
        out.println("group_daily_stats: all groups, per business day (Asia/Shanghai)");
        out.printf("  %-10s  %6s  %6s  %8s  %8s  %9s%n", "date", "joined", "quit", "speakers", "messages", "check-ins");
        Map<String, long[]> byDay = new TreeMap<>();
        for (JsonNode row : rows) {
            long[] totals = byDay.computeIfAbsent(row.get("stat_date").asText(), d -> new long[5]);
            totals[0] += row.get("new_member_cnt").asLong();
            totals[1] += row.get("quit_member_cnt").asLong();
            totals[2] += row.get("member_has_msg").asLong();
            totals[3] += row.get("msg_total").asLong();
            totals[4] += row.get("checkin_members").asLong();
        }
        byDay.forEach((day, t) -> out.printf("  %-10s  %6d  %6d  %8d  %8d  %9d%n", day, t[0], t[1], t[2], t[3], t[4]));

        out.println();
        out.println("group_daily_stats: the busiest group-days");
        out.printf("  %-26s  %-10s  %8s  %8s  %9s%n", "chat_id", "date", "messages", "speakers", "check-ins");
        rows.stream()
                .sorted(Comparator.comparingLong((JsonNode row) -> row.get("msg_total").asLong()).reversed()
                        .thenComparing(row -> row.get("chat_id").asText()))
                .limit(5)
                .forEach(row -> out.printf("  %-26s  %-10s  %8d  %8d  %9d%n",
                        row.get("chat_id").asText(), row.get("stat_date").asText(), row.get("msg_total").asLong(),
                        row.get("member_has_msg").asLong(), row.get("checkin_members").asLong()));
    }

    /** Members by counted group messages over the whole period. */
    private void printMostActiveMembers(List<JsonNode> rows) {
        Map<String, long[]> byMember = new TreeMap<>();
        Map<String, String> types = new TreeMap<>();
        for (JsonNode row : rows) {
            String member = row.get("member_id").asText();
            long[] totals = byMember.computeIfAbsent(member, m -> new long[3]);
            totals[0] += row.get("msg_cnt").asLong();
            totals[1] += 1;
            totals[2] += row.get("checked_in").asLong();
            types.put(member, row.get("member_type").asText());
        }
        out.println();
        out.println("member_daily_activity: the most active members (all groups)");
        out.printf("  %-28s  %-8s  %8s  %11s  %15s%n", "member_id", "type", "messages", "active days", "check-in days");
        byMember.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0]).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(8)
                .forEach(e -> out.printf("  %-28s  %-8s  %8d  %11d  %15d%n",
                        e.getKey(), types.get(e.getKey()), e.getValue()[0], e.getValue()[1], e.getValue()[2]));
    }

    /**
     * Employees over the whole period, ranked by the share of customer-initiated chats they
     * answered, with their reply time weighted by the chats answered each day: both from the daily
     * counts, so a day with one chat weighs one chat, not a whole day.
     */
    private void printReplyPerformance(List<JsonNode> rows) {
        Map<String, double[]> byEmployee = new TreeMap<>();
        for (JsonNode row : rows) {
            double[] t = byEmployee.computeIfAbsent(row.get("userid").asText(), u -> new double[7]);
            t[0] += row.get("new_contact_cnt").asLong();
            t[1] += row.get("negative_feedback_cnt").asLong();
            t[2] += row.get("message_cnt").asLong();
            long replied = row.get("replied_chat_cnt").asLong();
            t[3] += replied;
            t[4] += row.get("initiated_chat_cnt").asLong();
            if (replied > 0) {
                t[5] += row.get("avg_reply_time").asDouble() * replied;
                t[6] += replied;
            }
        }
        out.println();
        out.println("employee_daily_behavior: reply performance per employee (replied / customer-initiated chats)");
        out.printf("  %-10s  %9s  %7s  %8s  %11s  %15s%n", "userid", "new cust.", "lost", "messages", "replied %", "reply time min");
        byEmployee.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> meanReply(e.getValue())).reversed()
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> {
                    double[] t = e.getValue();
                    out.printf("  %-10s  %9.0f  %7.0f  %8.0f  %11s  %15s%n", e.getKey(), t[0], t[1], t[2],
                            t[4] == 0 ? "-" : String.format("%.1f", meanReply(t)),
                            t[6] == 0 ? "-" : String.format("%.1f", t[5] / t[6]));
                });
    }

    /**
     * Per group, the members with the longest live streaks (last check-in on the newest business day
     * or the one before, as checkin_leaderboard.sql ranks them); then how many reached each milestone.
     */
    private void printStreakLeaderboards(List<JsonNode> streaks, List<JsonNode> milestones, LocalDate newest) {
        LocalDate liveSince = newest.minusDays(1);
        Map<String, List<JsonNode>> byGroup = new TreeMap<>();
        for (JsonNode row : streaks) {
            byGroup.computeIfAbsent(row.get("chat_id").asText(), g -> new ArrayList<>()).add(row);
        }
        out.println();
        out.printf("checkin_streaks: leaderboards of the %d groups with the most check-in days"
                + " (top 3 live streaks each: last check-in on %s or %s)%n", Math.min(3, byGroup.size()), liveSince, newest);
        byGroup.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, List<JsonNode>> e) -> e.getValue().stream()
                                .mapToLong(row -> row.get("total_days").asLong()).sum()).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(3)
                .forEach(group -> {
                    out.printf("  %s%n", group.getKey());
                    out.printf("    %-28s  %7s  %7s  %5s  %-10s%n", "member_id", "current", "longest", "days", "last");
                    group.getValue().stream()
                            .filter(row -> !LocalDate.parse(row.get("last_checkin_date").asText()).isBefore(liveSince))
                            .sorted(Comparator.comparingLong((JsonNode row) -> row.get("current_streak").asLong()).reversed()
                                    .thenComparing(row -> -row.get("longest_streak").asLong())
                                    .thenComparing(row -> row.get("member_id").asText()))
                            .limit(3)
                            .forEach(row -> out.printf("    %-28s  %7d  %7d  %5d  %-10s%n", row.get("member_id").asText(),
                                    row.get("current_streak").asLong(), row.get("longest_streak").asLong(),
                                    row.get("total_days").asLong(), row.get("last_checkin_date").asText()));
                });
        Map<Integer, long[]> reached = new TreeMap<>();
        Map<Integer, String> firstReached = new TreeMap<>();
        for (JsonNode row : milestones) {
            int milestone = row.get("milestone").asInt();
            reached.computeIfAbsent(milestone, m -> new long[1])[0]++;
            firstReached.merge(milestone, row.get("reached_date").asText(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        out.println();
        out.println("checkin_milestones: members who reached each streak milestone");
        reached.forEach((milestone, count) -> out.printf("  %2d days: %4d members (first on %s)%n",
                milestone, count[0], firstReached.get(milestone)));
    }

    private static double meanReply(double[] totals) {
        return totals[4] == 0 ? -1 : 100.0 * totals[3] / totals[4];
    }

    /** Compliance alerts by category and severity, and a few examples as compliance sees them (masked). */
    private void printAlerts(List<JsonNode> alerts) {
        Map<String, long[]> byCategory = new TreeMap<>();
        List<String> severities = List.of("high", "medium", "low");
        for (JsonNode alert : alerts) {
            long[] counts = byCategory.computeIfAbsent(alert.get("category").asText(), c -> new long[3]);
            int severity = severities.indexOf(alert.get("severity").asText());
            if (severity >= 0) {
                counts[severity]++;
            }
        }
        out.println();
        out.printf("compliance_alerts: %d alerts by category and severity%n", alerts.size());
        out.printf("  %-20s  %6s  %6s  %6s%n", "category", "high", "medium", "low");
        byCategory.forEach((category, c) -> out.printf("  %-20s  %6d  %6d  %6d%n", category, c[0], c[1], c[2]));
        out.println("  examples (personal data masked):");
        Map<String, JsonNode> firstPerRule = new TreeMap<>();
        alerts.stream()
                .sorted(Comparator.comparing((JsonNode a) -> a.get("msg_time").asText()))
                .forEach(a -> firstPerRule.putIfAbsent(a.get("rule_id").asText(), a));
        firstPerRule.forEach((rule, a) -> out.printf("    %-20s %-8s %-6s %s%n", rule, a.get("sender_type").asText(),
                a.get("severity").asText(), a.get("excerpt").asText()));
    }

    /**
     * The built-in monitors and the behaviour rules, each with its alerts and whom they concern most:
     * the employee who did not answer for a reply timeout (the alert's sender is the customer who
     * waited), the sender for the others. A monitor without alerts is listed with 0.
     */
    private void printAlertsPerMonitor(List<JsonNode> alerts, List<String> behaviourRules) {
        List<String> shown = new ArrayList<>(MONITORS);
        shown.addAll(behaviourRules);
        Map<String, List<JsonNode>> byRule = new TreeMap<>();
        for (JsonNode alert : alerts) {
            byRule.computeIfAbsent(alert.get("rule_id").asText(), r -> new ArrayList<>()).add(alert);
        }
        out.println();
        out.println("compliance_alerts: alerts per monitor (the built-in monitors and the behaviour rules)");
        out.printf("  %-24s  %-10s  %-8s  %6s  %s%n", "rule_id", "category", "severity", "alerts", "most alerts for");
        for (String rule : shown) {
            List<JsonNode> ruleAlerts = byRule.getOrDefault(rule, List.of());
            if (ruleAlerts.isEmpty()) {
                out.printf("  %-24s  %-10s  %-8s  %6d  %s%n", rule, "-", "-", 0, "-");
                continue;
            }
            Map<String, Integer> perSubject = new TreeMap<>();
            ruleAlerts.forEach(alert -> perSubject.merge(concerns(alert), 1, Integer::sum));
            Map.Entry<String, Integer> most = perSubject.entrySet().stream()
                    .max(Map.Entry.<String, Integer>comparingByValue()
                            .thenComparing(Map.Entry.<String, Integer>comparingByKey().reversed()))
                    .orElseThrow();
            JsonNode first = ruleAlerts.get(0);
            out.printf("  %-24s  %-10s  %-8s  %6d  %s (%d)%n", rule, first.get("category").asText(),
                    first.get("severity").asText(), ruleAlerts.size(), most.getKey(), most.getValue());
        }
    }

    /** Whom an alert concerns: for a reply timeout the employee who did not answer (its first receiver), else its sender. */
    static String concerns(JsonNode alert) {
        JsonNode receivers = alert.get("receivers");
        if (REPLY_TIMEOUT.equals(alert.get("rule_id").asText()) && receivers != null && receivers.size() > 0) {
            return receivers.get(0).asText();
        }
        return alert.get("sender").asText();
    }

    /**
     * The ids of the rules file's behaviour rules in file order, a later line of a rule replacing an
     * earlier one; lines that are not JSON objects are the replay's dead letters and skipped here.
     */
    private List<String> behaviourRules() throws IOException {
        Map<String, Boolean> behaviour = new LinkedHashMap<>();
        if (rules == null || !Files.exists(rules)) {
            return List.of();
        }
        for (String line : Files.readAllLines(rules, StandardCharsets.UTF_8)) {
            JsonNode rule;
            try {
                rule = Json.MAPPER.readTree(line);
            } catch (JsonProcessingException notARule) {
                continue;
            }
            if (rule != null && rule.hasNonNull("rule_id")) {
                behaviour.put(rule.get("rule_id").asText(), "behavior".equals(rule.path("type").asText())
                        && rule.path("enabled").asBoolean(true));
            }
        }
        return behaviour.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    }

    private void printDeadLetters(List<JsonNode> letters) {
        out.println();
        out.printf("dead letters: %d records could not be used (nothing was dropped silently)%n", letters.size());
        Map<String, Integer> byReason = new TreeMap<>();
        for (JsonNode letter : letters) {
            byReason.merge(letter.get("source").asText() + ": " + letter.get("reason").asText(), 1, Integer::sum);
        }
        byReason.forEach((reason, count) -> out.printf("  %3d  %s%n", count, reason));
    }

    private List<JsonNode> read(String file) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        Path path = results.resolve(file);
        if (!Files.exists(path)) {
            return rows;
        }
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add(Json.MAPPER.readTree(line));
                }
            }
        }
        return rows;
    }
}
