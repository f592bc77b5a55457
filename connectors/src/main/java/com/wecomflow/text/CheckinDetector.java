package com.wecomflow.text;

import com.wecomflow.records.ArchiveMessage;
import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Recognises a group check-in (群签到, DESIGN section 5): a counted text message in a group whose
 * content, normalised and trimmed of separators at both ends, is exactly a configured keyword.
 * {@code 签到！} and {@code #签到#} are check-ins; {@code 签 到} and {@code 今天签到了} are not.
 */
public final class CheckinDetector implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final List<String> DEFAULT_KEYWORDS = List.of("签到", "打卡");

    private final Set<String> keywords = new LinkedHashSet<>();

    public CheckinDetector(List<String> keywords) {
        for (String keyword : keywords) {
            String normalized = TextNormalizer.normalizeKeyword(keyword);
            if (normalized.isEmpty()) {
                throw new IllegalArgumentException("check-in keyword '" + keyword + "' has no letter or digit");
            }
            this.keywords.add(normalized);
        }
        if (this.keywords.isEmpty()) {
            throw new IllegalArgumentException("at least one check-in keyword is needed");
        }
    }

    public static CheckinDetector withDefaults() {
        return new CheckinDetector(DEFAULT_KEYWORDS);
    }

    public boolean isCheckin(ArchiveMessage message) {
        return message.isCounted()
                && message.isGroupMessage()
                && "text".equals(message.msgType())
                && message.textContent() != null
                && isCheckinText(message.textContent());
    }

    /** Whether a text, on its own, is a check-in phrase. */
    public boolean isCheckinText(String content) {
        return keywords.contains(TextNormalizer.trimSeparators(TextNormalizer.normalize(content)));
    }
}
