package com.wecomflow.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextNormalizerTest {

    @Test
    void normalizeAppliesNfkcThenLowerCase() {
        assertThat(TextNormalizer.normalize("ＤＡＫＡ")).isEqualTo("daka");
        assertThat(TextNormalizer.normalize("ｄａｋａ！")).isEqualTo("daka!");
        assertThat(TextNormalizer.normalize("加ＶＸ１２３")).isEqualTo("加vx123");
        assertThat(TextNormalizer.normalize("①②")).isEqualTo("12");
        assertThat(TextNormalizer.normalize("㈱")).isEqualTo("(株)");
        // a decomposed é becomes the composed one
        assertThat(TextNormalizer.normalize("Cafe\u0301")).isEqualTo("caf\u00e9");
    }

    @Test
    void normalizeIsIndependentOfTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            // Turkish lower-cases I to dotless ı; the normaliser must not
            assertThat(TextNormalizer.normalize("DAKA IN")).isEqualTo("daka in");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void emojiComponentsAreSeparators() {
        assertThat(TextNormalizer.isSeparator(0xFE0F)).as("variation selector 16").isTrue();
        assertThat(TextNormalizer.isSeparator(0xFE00)).as("variation selector 1").isTrue();
        assertThat(TextNormalizer.isSeparator(0x200D)).as("zero-width joiner").isTrue();
        assertThat(TextNormalizer.isSeparator(0x20E3)).as("combining enclosing keycap").isTrue();
        assertThat(TextNormalizer.isSeparator(0xE0067)).as("tag latin small letter g").isTrue();
        assertThat(TextNormalizer.isSeparator(0xE007F)).as("cancel tag").isTrue();
    }

    @Test
    void whitespacePunctuationSymbolsEmojiAndFormatCharactersAreSeparators() {
        int[] separators = {
            ' ', '\t', '\n', 0x3000 /* ideographic space */, 0x00A0 /* no-break space */,
            '!', '#', '.', '-', 0xFF01 /* ！ */, 0x3010 /* 【 */, 0x3011 /* 】 */, 0x3002 /* 。 */,
            '$', '+', '~', 0x00A5 /* ¥ */,
            0x1F600 /* 😀 */, 0x1F44D /* 👍 */, 0x1F3FB /* skin tone modifier */, 0x2764 /* ❤ */,
            0x200B /* zero-width space */, 0xFEFF /* BOM */, 0x0000, 0x007F
        };
        for (int cp : separators) {
            assertThat(TextNormalizer.isSeparator(cp)).as("U+%04X", cp).isTrue();
        }
    }

    @Test
    void lettersDigitsNumbersAndCombiningMarksAreNotSeparators() {
        int[] kept = {
            'a', 'Z', 0x7B7E /* 签 */, 0x5230 /* 到 */, 0x3042 /* あ */, 0x02B0 /* modifier letter ʰ */,
            '0', '9', 0x0663 /* Arabic-Indic 3 */, 0x2160 /* Roman numeral Ⅰ (Nl) */, 0x00B2 /* ² (No) */,
            0x0301 /* combining acute (Mn) */, 0x0903 /* Devanagari visarga (Mc) */,
            0x20DD /* combining enclosing circle (Me), unlike the keycap */
        };
        for (int cp : kept) {
            assertThat(TextNormalizer.isSeparator(cp)).as("U+%04X", cp).isFalse();
        }
    }

    @Test
    void trimSeparatorsRemovesRunsAtBothEndsOnly() {
        assertThat(TextNormalizer.trimSeparators("#签到#")).isEqualTo("签到");
        assertThat(TextNormalizer.trimSeparators(" 【签到】！ ")).isEqualTo("签到");
        assertThat(TextNormalizer.trimSeparators("签 到")).isEqualTo("签 到");
        assertThat(TextNormalizer.trimSeparators("😀签😀到😀")).isEqualTo("签😀到");
        assertThat(TextNormalizer.trimSeparators("\u200B签到\u200B")).isEqualTo("签到");
        // a family emoji: people joined by ZWJs, with variation selectors
        assertThat(TextNormalizer.trimSeparators("签到\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"))
                .isEqualTo("签到");
        // keycap sequence 1️⃣: the digit stays, the components go
        assertThat(TextNormalizer.trimSeparators("1\uFE0F\u20E3")).isEqualTo("1");
        // a trailing combining mark belongs to the word
        assertThat(TextNormalizer.trimSeparators("!a\u0301!")).isEqualTo("a\u0301");
        assertThat(TextNormalizer.trimSeparators("!?！")).isEmpty();
        assertThat(TextNormalizer.trimSeparators("")).isEmpty();
    }

    @Test
    void removeSeparatorsDropsEverySeparator() {
        assertThat(TextNormalizer.removeSeparators("加 微.信")).isEqualTo("加微信");
        assertThat(TextNormalizer.removeSeparators("签\u200B到😀")).isEqualTo("签到");
    }

    @ParameterizedTest
    @ValueSource(strings = {"签 到", " 签到 ", "#签到#", "签\u200D到", "签到\uFE0F"})
    void keywordsAreStoredWithoutSeparators(String configured) {
        assertThat(TextNormalizer.normalizeKeyword(configured)).isEqualTo("签到");
    }

    @Test
    void keywordsAreNormalizedLikeText() {
        assertThat(TextNormalizer.normalizeKeyword("Daka")).isEqualTo("daka");
        assertThat(TextNormalizer.normalizeKeyword("ＤＡ ＫＡ")).isEqualTo("daka");
        assertThat(TextNormalizer.normalizeKeyword("加 V X")).isEqualTo("加vx");
    }
}
