package com.wecomflow.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

    private static final Charset GBK = Charset.forName("GBK");

    @Test
    void aLeadingByteOrderMarkIsNotText() {
        byte[] withMark = ("\uFEFF{\"a\":1}").getBytes(StandardCharsets.UTF_8);

        Utf8.Decoded decoded = Utf8.decodeText(withMark);

        assertThat(decoded.valid()).isTrue();
        assertThat(decoded.text()).isEqualTo("{\"a\":1}");
        assertThat(Utf8.stripByteOrderMark("\uFEFF签到")).isEqualTo("签到");
        assertThat(Utf8.stripByteOrderMark("签\uFEFF到")).isEqualTo("签\uFEFF到");
    }

    @Test
    void gbkIsReportedWithTheOffsetOfTheFirstBadByte() {
        byte[] gbk = "{\"text\":\"加微信\"}".getBytes(GBK);

        Utf8.Decoded decoded = Utf8.decodeText(gbk);

        assertThat(decoded.valid()).isFalse();
        assertThat(decoded.firstInvalidByte()).isEqualTo(9);
        assertThat(decoded.problem()).startsWith("not valid UTF-8 (invalid byte at offset 9");
        assertThat(decoded.text()).startsWith("{\"text\":\"").contains("\uFFFD");
    }

    @Test
    void encodedSurrogatesAndOverlongFormsAreNotUtf8() {
        assertThat(Utf8.decodeText(new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80}).firstInvalidByte()).isEqualTo(1);
        assertThat(Utf8.decodeText(new byte[] {(byte) 0xC0, (byte) 0xAF}).valid()).isFalse();
        assertThat(Utf8.decodeText(new byte[] {'a', (byte) 0xE5, (byte) 0x8A}).firstInvalidByte()).isEqualTo(1);
        assertThat(Utf8.decodeText("加😀微信".getBytes(StandardCharsets.UTF_8)).text()).isEqualTo("加😀微信");
    }

    @Test
    void encodedLengthIsWhatTheEncoderWrites() {
        Random random = new Random(17);
        int[] alphabet = {'a', '\n', 'é', '签', 0x1F600, 0xFEFF, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000};
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(50); i > 0; i--) {
                text.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
            }
            assertThat(Utf8.encodedLength(text)).isEqualTo(text.toString().getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void aPrefixFitsItsBudgetAndNeverCutsACharacter() {
        String text = "ab签😀c";  // 1 + 1 + 3 + 4 + 1 bytes

        assertThat(Utf8.prefix(text, 0)).isEmpty();
        assertThat(Utf8.prefix(text, 4)).isEqualTo("ab");
        assertThat(Utf8.prefix(text, 5)).isEqualTo("ab签");
        assertThat(Utf8.prefix(text, 8)).isEqualTo("ab签");
        assertThat(Utf8.prefix(text, 9)).isEqualTo("ab签😀");
        assertThat(Utf8.prefix(text, 100)).isSameAs(text);
    }
}
