package com.wecomflow.jobs.compliance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The personal data in a normalised text (phone numbers and e-mail addresses) and the text with
 * every one of them masked: how any part of a message is shown in an alert, so that a full
 * number or address never leaves the job, whichever rule matched.
 */
public final class PersonalData {

    private record Masked(Span span, String replacement) {}

    private final String text;
    private final List<Masked> masked = new ArrayList<>();
    private final List<PhoneNumbers.Found> phones;
    private final List<Span> emails;

    public PersonalData(String normalizedText) {
        this.text = normalizedText;
        this.emails = EmailAddresses.find(normalizedText);
        // Digits inside an address (a13800138000@qq.com) are part of the address, not a phone number.
        this.phones = PhoneNumbers.find(normalizedText).stream()
                .filter(phone -> emails.stream().noneMatch(email -> email.overlaps(phone.span())))
                .toList();
        for (Span email : emails) {
            masked.add(new Masked(email, EmailAddresses.mask(text.substring(email.start(), email.end()))));
        }
        for (PhoneNumbers.Found phone : phones) {
            masked.add(new Masked(phone.span(), PhoneNumbers.mask(phone.nationalNumber())));
        }
        masked.sort(Comparator.comparingInt(m -> m.span().start()));
    }

    public List<PhoneNumbers.Found> phones() {
        return phones;
    }

    public List<Span> emails() {
        return emails;
    }

    /** The text of {@code span}, with every piece of personal data that overlaps it masked whole. */
    public String masked(Span span) {
        return masked(span.start(), span.end());
    }

    /** The span with {@code context} code points either side, personal data masked, ellipses where cut. */
    public String excerpt(Span span, int context) {
        int start = span.start();
        for (int i = 0; i < context && start > 0; i++) {
            start = text.offsetByCodePoints(start, -1);
        }
        int end = span.end();
        for (int i = 0; i < context && end < text.length(); i++) {
            end = text.offsetByCodePoints(end, 1);
        }
        return (start > 0 ? "…" : "") + masked(start, end) + (end < text.length() ? "…" : "");
    }

    private String masked(int start, int end) {
        StringBuilder out = new StringBuilder();
        int position = start;
        for (Masked item : masked) {
            if (item.span().end() <= position || item.span().start() >= end) {
                continue;
            }
            if (item.span().start() > position) {
                out.append(text, position, item.span().start());
            }
            out.append(item.replacement());
            position = item.span().end();
        }
        if (position < end) {
            out.append(text, position, end);
        }
        return out.toString();
    }
}
