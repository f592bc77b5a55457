package com.wecomflow.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Utf8LinesTest {

    private static List<Utf8Lines.Line> read(byte[] input) throws Exception {
        List<Utf8Lines.Line> lines = new ArrayList<>();
        try (Utf8Lines reader = new Utf8Lines(new ByteArrayInputStream(input))) {
            Utf8Lines.Line line;
            while ((line = reader.next()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void theByteOrderMarkOfTheInputIsNotPartOfItsFirstLine() throws Exception {
        List<Utf8Lines.Line> lines = read("\uFEFF{\"n\":1}\r\n{\"n\":2}\n".getBytes(StandardCharsets.UTF_8));

        assertThat(lines).extracting(Utf8Lines.Line::text).containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(lines.get(0).bytes()).isEqualTo("{\"n\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(lines).extracting(Utf8Lines.Line::number).containsExactly(1L, 2L);
    }

    @Test
    void aGbkLineIsFlaggedAndTheLinesAroundItAreFine() throws Exception {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.write("{\"text\":\"早\"}\n".getBytes(StandardCharsets.UTF_8));
        byte[] gbk = "{\"text\":\"加微信\"}".getBytes(Charset.forName("GBK"));
        input.write(gbk);
        input.write("\n\n{\"text\":\"晚\"}".getBytes(StandardCharsets.UTF_8));

        List<Utf8Lines.Line> lines = read(input.toByteArray());

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).text()).isEqualTo("{\"text\":\"早\"}");
        assertThat(lines.get(1).decoded().valid()).isFalse();
        assertThat(lines.get(1).decoded().problem()).startsWith("not valid UTF-8");
        assertThat(lines.get(1).bytes()).isEqualTo(gbk);
        assertThat(lines.get(2).isBlank()).isTrue();
        assertThat(lines.get(3).text()).isEqualTo("{\"text\":\"晚\"}");
        assertThat(lines.get(3).number()).isEqualTo(4);
    }

    @Test
    void linesLongerThanTheReadBufferComeWhole() throws Exception {
        String longLine = "签".repeat(300_000);

        List<Utf8Lines.Line> lines = read(("a\n" + longLine + "\nb").getBytes(StandardCharsets.UTF_8));

        assertThat(lines).extracting(Utf8Lines.Line::text).containsExactly("a", longLine, "b");
    }

    @Test
    void emptyInputHasNoLines() throws Exception {
        assertThat(read(new byte[0])).isEmpty();
        assertThat(read("\uFEFF".getBytes(StandardCharsets.UTF_8))).extracting(Utf8Lines.Line::text).containsExactly("");
    }
}
