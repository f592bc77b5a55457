package com.wecomflow.jobs.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.text.TextNormalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeywordAutomatonTest {

    @Test
    void findsKeywordsSpreadBySeparatorsButNotNearMisses() {
        KeywordAutomaton automaton = new KeywordAutomaton(List.of("加微信"));

        assertThat(matches(automaton, "加微信")).containsExactly("加微信");
        assertThat(matches(automaton, "快来加 微 信吧")).containsExactly("加 微 信");
        assertThat(matches(automaton, "加.微.信")).containsExactly("加.微.信");
        assertThat(matches(automaton, "加😀微信")).containsExactly("加😀微信");
        assertThat(matches(automaton, "加\u200b微\u200b信")).containsExactly("加\u200b微\u200b信");
        assertThat(matches(automaton, "用微信支付")).isEmpty();
        assertThat(matches(automaton, "加个微信")).isEmpty();
    }

    @Test
    void findsOverlappingAndNestedKeywords() {
        KeywordAutomaton automaton = new KeywordAutomaton(List.of("返现", "现金", "私下转账返现", "转账"));

        assertThat(matches(automaton, "私下转账返现金")).containsExactlyInAnyOrder("转账", "私下转账返现", "返现", "现金");
    }

    @Test
    void findsKeywordsWithSupplementaryCharacters() {
        KeywordAutomaton automaton = new KeywordAutomaton(List.of("𠀋文", "a"));

        assertThat(matches(automaton, "x𠀋 文y")).containsExactly("𠀋 文");
    }

    @Test
    void findsExactlyWhatABruteForceSearchFinds() {
        Random random = new Random(17);
        String alphabet = "加微信返现私转账abcv1";
        List<String> keywords = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            keywords.add(randomText(random, alphabet, 1 + random.nextInt(4)));
        }
        KeywordAutomaton automaton = new KeywordAutomaton(keywords);
        for (int round = 0; round < 200; round++) {
            String text = randomText(random, alphabet + " .😀", 40);
            Set<String> found = new HashSet<>();
            automaton.scan(text, (keyword, start, end) -> found.add(keyword + "@" + end));
            assertThat(found).isEqualTo(bruteForce(keywords, text));
        }
    }

    /** Every (keyword, end) whose characters occur consecutively once separators are removed. */
    private static Set<String> bruteForce(List<String> keywords, String text) {
        List<Integer> ends = new ArrayList<>();
        StringBuilder kept = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (!TextNormalizer.isSeparator(codePoint)) {
                kept.appendCodePoint(codePoint);
                for (int c = 0; c < Character.charCount(codePoint); c++) {
                    ends.add(i);
                }
            }
        }
        Set<String> found = new HashSet<>();
        for (int k = 0; k < keywords.size(); k++) {
            String keyword = keywords.get(k);
            int from = 0;
            int at;
            while ((at = kept.indexOf(keyword, from)) >= 0) {
                int firstIndex = keywords.indexOf(keyword);
                found.add(firstIndex + "@" + ends.get(at + keyword.length() - 1));
                from = at + 1;
            }
        }
        return found;
    }

    private static String randomText(Random random, String alphabet, int length) {
        int[] codePoints = alphabet.codePoints().toArray();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return text.toString();
    }

    private static List<String> matches(KeywordAutomaton automaton, String text) {
        List<String> found = new ArrayList<>();
        automaton.scan(text, (keyword, start, end) -> found.add(text.substring(start, end)));
        return found;
    }
}
