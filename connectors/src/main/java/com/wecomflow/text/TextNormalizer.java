package com.wecomflow.text;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one text normalisation of DESIGN section 5a, shared by check-in detection and keyword
 * matching: Unicode NFKC, then lower case; "separators" are what may be trimmed from the ends
 * of a check-in and skipped between a keyword's characters.
 */
public final class TextNormalizer {

    private TextNormalizer() {}

    /** NFKC then lower case (locale-independent), so full-width and compatibility forms compare equal. */
    public static String normalize(String text) {
        // Most chat text is already in NFKC; checking is much cheaper than normalising.
        String composed = Normalizer.isNormalized(text, Normalizer.Form.NFKC)
                ? text
                : Normalizer.normalize(text, Normalizer.Form.NFKC);
        return composed.toLowerCase(Locale.ROOT);
    }

    /**
     * A separator is anything that is not a letter, a number or a combining mark, except that the
     * emoji components (variation selectors, keycap, zero-width joiner, tag characters) are
     * separators too, so an emoji sequence is one run of separators.
     */
    public static boolean isSeparator(int codePoint) {
        if (isEmojiComponent(codePoint)) {
            return true;
        }
        switch (Character.getType(codePoint)) {
            case Character.UPPERCASE_LETTER:
            case Character.LOWERCASE_LETTER:
            case Character.TITLECASE_LETTER:
            case Character.MODIFIER_LETTER:
            case Character.OTHER_LETTER:
            case Character.DECIMAL_DIGIT_NUMBER:
            case Character.LETTER_NUMBER:
            case Character.OTHER_NUMBER:
            case Character.NON_SPACING_MARK:
            case Character.ENCLOSING_MARK:
            case Character.COMBINING_SPACING_MARK:
                return false;
            default:
                return true;
        }
    }

    private static boolean isEmojiComponent(int codePoint) {
        return (codePoint >= 0xFE00 && codePoint <= 0xFE0F)
                || codePoint == 0x20E3
                || codePoint == 0x200D
                || (codePoint >= 0xE0020 && codePoint <= 0xE007F);
    }

    /** The text without the separators at both ends. */
    public static String trimSeparators(String text) {
        int start = 0;
        int end = text.length();
        while (start < end) {
            int codePoint = text.codePointAt(start);
            if (!isSeparator(codePoint)) {
                break;
            }
            start += Character.charCount(codePoint);
        }
        while (end > start) {
            int codePoint = text.codePointBefore(end);
            if (!isSeparator(codePoint)) {
                break;
            }
            end -= Character.charCount(codePoint);
        }
        return text.substring(start, end);
    }

    /** The text without any separator: how configured keywords are stored (DESIGN section 5a). */
    public static String removeSeparators(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().filter(cp -> !isSeparator(cp)).forEach(kept::appendCodePoint);
        return kept.toString();
    }

    /** A configured keyword in the form text is compared with: normalised, separators removed. */
    public static String normalizeKeyword(String keyword) {
        return removeSeparators(normalize(keyword));
    }
}
