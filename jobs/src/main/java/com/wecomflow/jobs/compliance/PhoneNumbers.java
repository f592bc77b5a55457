package com.wecomflow.jobs.compliance;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds mainland China mobile numbers ({@code builtin.phone}, DESIGN section 5a) in a normalised
 * text: {@code 1[3-9]} and nine more digits, with at most one separator (space, {@code -} or
 * {@code .}) between two digits, optionally after a country code {@code +86}, {@code 0086} or
 * {@code 86} ({@code +13800138000}, without the country code, counts too: it is the same number). A number is a maximal run of digits joined by single separators, so a digit right
 * before or after (directly or across one separator) makes it part of a longer number, which is
 * not a phone number. The text has been through NFKC, so full-width digits and the ideographic
 * space are plain ASCII by now.
 */
public final class PhoneNumbers {

    /** A phone number found: where, and its digits without country code. */
    public record Found(Span span, String nationalNumber) {}

    private PhoneNumbers() {}

    public static List<Found> find(String text) {
        List<Found> found = new ArrayList<>();
        int length = text.length();
        int index = 0;
        while (index < length) {
            if (!isDigit(text.charAt(index))) {
                index++;
                continue;
            }
            int start = index;
            StringBuilder digits = new StringBuilder();
            int end = index;
            while (index < length) {
                char c = text.charAt(index);
                if (isDigit(c)) {
                    digits.append(c);
                    index++;
                    end = index;
                } else if (isJoiner(c) && index + 1 < length && isDigit(text.charAt(index + 1))) {
                    index++;
                } else {
                    break;
                }
            }
            boolean plus = start > 0 && text.charAt(start - 1) == '+';
            String national = nationalNumber(digits.toString(), plus);
            if (national != null) {
                int spanStart = plus ? start - 1 : start;
                found.add(new Found(new Span(spanStart, end), national));
            }
        }
        return found;
    }

    /** The 11-digit mobile number, when the run is one (with or without a country code); else null. */
    private static String nationalNumber(String digits, boolean afterPlus) {
        String national;
        if (digits.length() == 11) {
            national = digits;
        } else if (digits.length() == 13 && digits.startsWith("86")) {
            national = digits.substring(2);
        } else if (digits.length() == 15 && digits.startsWith("0086") && !afterPlus) {
            national = digits.substring(4);
        } else {
            national = null;
        }
        if (national == null || national.charAt(0) != '1' || national.charAt(1) < '3' || national.charAt(1) > '9') {
            return null;
        }
        return national;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isJoiner(char c) {
        return c == ' ' || c == '-' || c == '.';
    }

    /** A phone number as alerts show it: the first 3 and last 4 digits, {@code 138****8000}. */
    public static String mask(String nationalNumber) {
        return nationalNumber.substring(0, 3) + "****" + nationalNumber.substring(7);
    }
}
