package com.wecomflow.jobs.compliance;

import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.text.TextNormalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules in force, compiled for matching: every keyword of every keyword rule in one
 * {@link KeywordAutomaton}, the regular expressions, and the built-in phone and e-mail patterns
 * (on unless a rule with their id disables them). {@link #scan} finds, for each rule, its first
 * match in a message's texts, each text matched on its own.
 */
public final class RuleSet {

    /** A rule's first match: the rule, and the match shown with personal data masked. */
    public record Hit(ComplianceRule rule, String matched, String excerpt) {}

    /** What a scan found, and the regex rules stopped for exceeding their matching budget. */
    public record Scan(List<Hit> hits, List<ComplianceRule> stopped) {}

    /**
     * Regular expressions run on lower-cased text; matching case-insensitively as well lets a
     * pattern written with capitals ({@code VX}) still match.
     */
    public static final int REGEX_FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    /** Steps a regular expression may take per character of text before it is stopped. */
    static final int REGEX_STEPS_PER_CHAR = 1_000;

    /** Code points of context either side of a match in an excerpt. */
    public static final int EXCERPT_CONTEXT = 12;

    private static final ComplianceRule DEFAULT_PHONE = new ComplianceRule(
            ComplianceRule.BUILTIN_PHONE, ComplianceRule.BUILTIN, null, null, "personal_info", "high", true, false);
    private static final ComplianceRule DEFAULT_EMAIL = new ComplianceRule(
            ComplianceRule.BUILTIN_EMAIL, ComplianceRule.BUILTIN, null, null, "personal_info", "medium", true, false);

    private final KeywordAutomaton keywords;
    private final List<List<ComplianceRule>> rulesOfKeyword = new ArrayList<>();
    private final Map<ComplianceRule, Pattern> regexes = new LinkedHashMap<>();
    private final List<ComplianceRule> behaviors = new ArrayList<>();
    private final ComplianceRule phone;
    private final ComplianceRule email;

    /** @param rules the rules by id; later entries of {@code layers} override earlier ones of the same id */
    @SafeVarargs
    public static RuleSet of(Collection<ComplianceRule>... layers) {
        Map<String, ComplianceRule> byId = new TreeMap<>();
        for (Collection<ComplianceRule> layer : layers) {
            for (ComplianceRule rule : layer) {
                byId.put(rule.ruleId(), rule);
            }
        }
        return new RuleSet(byId.values());
    }

    private RuleSet(Collection<ComplianceRule> rules) {
        Map<String, Integer> keywordIndex = new HashMap<>();
        List<String> keywordList = new ArrayList<>();
        ComplianceRule phoneRule = DEFAULT_PHONE;
        ComplianceRule emailRule = DEFAULT_EMAIL;
        for (ComplianceRule rule : rules) {
            if (rule.ruleId().equals(ComplianceRule.BUILTIN_PHONE)) {
                phoneRule = rule.deleted() ? DEFAULT_PHONE : builtin(DEFAULT_PHONE, rule);
            } else if (rule.ruleId().equals(ComplianceRule.BUILTIN_EMAIL)) {
                emailRule = rule.deleted() ? DEFAULT_EMAIL : builtin(DEFAULT_EMAIL, rule);
            } else if (rule.isActive() && ComplianceRule.KEYWORD.equals(rule.type())) {
                for (String word : rule.words()) {
                    String keyword = TextNormalizer.normalizeKeyword(word);
                    int index = keywordIndex.computeIfAbsent(keyword, k -> {
                        keywordList.add(k);
                        rulesOfKeyword.add(new ArrayList<>());
                        return keywordList.size() - 1;
                    });
                    if (!rulesOfKeyword.get(index).contains(rule)) {
                        rulesOfKeyword.get(index).add(rule);
                    }
                }
            } else if (rule.isActive() && ComplianceRule.REGEX.equals(rule.type())) {
                regexes.put(rule, Pattern.compile(rule.pattern(), REGEX_FLAGS));
            } else if (rule.isActive() && ComplianceRule.BEHAVIOR.equals(rule.type())) {
                behaviors.add(rule);
            }
        }
        keywords = new KeywordAutomaton(keywordList);
        phone = phoneRule.isActive() ? phoneRule : null;
        email = emailRule.isActive() ? emailRule : null;
    }

    /** The ids of the built-in rules that are on (both, unless a rule of their id disables them). */
    public List<String> builtinsInForce() {
        List<String> ids = new ArrayList<>();
        if (phone != null) {
            ids.add(phone.ruleId());
        }
        if (email != null) {
            ids.add(email.ruleId());
        }
        return ids;
    }

    /** A built-in's settings: its defaults, with the category and severity a rule of its id gives. */
    private static ComplianceRule builtin(ComplianceRule defaults, ComplianceRule given) {
        return new ComplianceRule(defaults.ruleId(), ComplianceRule.BUILTIN, null, null,
                given.category() != null ? given.category() : defaults.category(),
                given.severity() != null ? given.severity() : defaults.severity(),
                given.enabled(), false);
    }

    /**
     * The behaviour rules a message matches, in rule id order: {@code matched} is its msgtype. The
     * excerpt is empty: what the rule flags is the act (a red packet, a card, a file), and the
     * message's text, if any, is what the word rules scan.
     */
    public List<Hit> behaviorHits(ArchiveMessage message) {
        List<Hit> hits = new ArrayList<>();
        for (ComplianceRule rule : behaviors) {
            if (rule.behavior().matches(message)) {
                hits.add(new Hit(rule, message.msgType(), ""));
            }
        }
        return hits;
    }

    /** For each rule that matches one of the texts, its first match; in text order, then position. */
    public Scan scan(List<String> texts) {
        Map<String, Hit> hits = new LinkedHashMap<>();
        List<ComplianceRule> stopped = new ArrayList<>();
        for (String text : texts) {
            String normalized = TextNormalizer.normalize(text);
            PersonalData personalData = new PersonalData(normalized);
            keywords.scan(normalized, (keyword, start, end) -> {
                for (ComplianceRule rule : rulesOfKeyword.get(keyword)) {
                    hits.computeIfAbsent(rule.ruleId(), id -> hit(rule, personalData, new Span(start, end)));
                }
            });
            for (Map.Entry<ComplianceRule, Pattern> regex : regexes.entrySet()) {
                if (!hits.containsKey(regex.getKey().ruleId()) && !stopped.contains(regex.getKey())) {
                    Matcher matcher = regex.getValue().matcher(
                            new BudgetedText(normalized, (long) REGEX_STEPS_PER_CHAR * (normalized.length() + 16)));
                    try {
                        boolean found = matcher.find();
                        while (found && matcher.end() == matcher.start()) {
                            found = matcher.find();
                        }
                        if (found) {
                            hits.put(regex.getKey().ruleId(),
                                    hit(regex.getKey(), personalData, new Span(matcher.start(), matcher.end())));
                        }
                    } catch (BudgetedText.BudgetExceeded e) {
                        stopped.add(regex.getKey());
                    }
                }
            }
            if (phone != null && !hits.containsKey(phone.ruleId()) && !personalData.phones().isEmpty()) {
                hits.put(phone.ruleId(), hit(phone, personalData, personalData.phones().get(0).span()));
            }
            if (email != null && !hits.containsKey(email.ruleId()) && !personalData.emails().isEmpty()) {
                hits.put(email.ruleId(), hit(email, personalData, personalData.emails().get(0)));
            }
        }
        return new Scan(new ArrayList<>(hits.values()), stopped);
    }

    private static Hit hit(ComplianceRule rule, PersonalData personalData, Span span) {
        return new Hit(rule, personalData.masked(span), personalData.excerpt(span, EXCERPT_CONTEXT));
    }
}
