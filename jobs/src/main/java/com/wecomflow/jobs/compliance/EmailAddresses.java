package com.wecomflow.jobs.compliance;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds e-mail addresses ({@code builtin.email}, DESIGN section 5a): ASCII {@code local@domain.tld}
 * in a normalised (lower-cased) text. The classes are ASCII only, so an address glued to Chinese
 * text ({@code 邮箱a.b@qq.com请回复}) is found without the Chinese around it.
 */
public final class EmailAddresses {

    /**
     * A match may only start where a local part starts (the look-behind) and the local part is
     * taken whole (possessive), so each candidate is tried once: linear in the text, whatever it
     * holds (a long run of letters before an {@code @} cannot make the search quadratic).
     */
    private static final Pattern ADDRESS = Pattern.compile(
            "(?<![a-z0-9._%+-])[a-z0-9._%+-]++@[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.[a-z]{2,}");

    private EmailAddresses() {}

    public static List<Span> find(String normalizedText) {
        List<Span> found = new ArrayList<>();
        if (normalizedText.indexOf('@') < 0) {
            return found;
        }
        Matcher matcher = ADDRESS.matcher(normalizedText);
        while (matcher.find()) {
            found.add(new Span(matcher.start(), matcher.end()));
        }
        return found;
    }

    /** An address as alerts show it: its first character and its domain, {@code c***@qq.com}. */
    public static String mask(String address) {
        int at = address.indexOf('@');
        return address.charAt(0) + "***" + address.substring(at);
    }
}
