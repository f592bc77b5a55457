package com.wecomflow.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFeedTest {

    @TempDir
    Path dir;

    @Test
    void numbersNonBlankLinesAcrossFilesAndResumesAfterASeq() throws Exception {
        Files.writeString(dir.resolve("a.jsonl"), "{\"m\":1}\n\n{\"m\":2}\n");
        Files.writeString(dir.resolve("b.jsonl"), "{\"m\":3}\n{\"m\":4}");

        assertThat(read(JsonLinesFeed.of(dir, false).after(0), 10))
                .containsExactly("1 {\"m\":1}", "2 {\"m\":2}", "3 {\"m\":3}", "4 {\"m\":4}");
        assertThat(read(JsonLinesFeed.of(dir, false).after(2), 10)).containsExactly("3 {\"m\":3}", "4 {\"m\":4}");
        assertThat(read(JsonLinesFeed.standardInput(new ByteArrayInputStream("x\ny".getBytes())).after(1), 10))
                .containsExactly("2 y");
    }

    @Test
    void whileFollowingALineIsTakenOnlyOnceItsNewlineIsWritten() throws Exception {
        Path file = dir.resolve("live.jsonl");
        byte[] second = "{\"m\":2,\"t\":\"签到\"}\n".getBytes(StandardCharsets.UTF_8);
        int cut = "{\"m\":2,\"t\":\"".length() + 1;
        Files.write(file, concat("{\"m\":1}\n".getBytes(StandardCharsets.UTF_8), slice(second, 0, cut)));

        Iterator<ArchiveBridge.Entry> feed = JsonLinesFeed.of(file, true).after(0);
        Future<List<String>> reading = Executors.newSingleThreadExecutor().submit(() -> read(feed, 3));
        Thread.sleep(1_200);
        Files.write(file, slice(second, cut, second.length), StandardOpenOption.APPEND);
        Files.write(file, "{\"m\":3}\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        assertThat(reading.get(10, TimeUnit.SECONDS))
                .containsExactly("1 {\"m\":1}", "2 {\"m\":2,\"t\":\"签到\"}", "3 {\"m\":3}");
    }

    @Test
    void aByteOrderMarkAtTheStartOfAFileOrOfStandardInputIsNotPartOfTheFirstMessage() throws Exception {
        byte[] withMark = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "{\"m\":1}\n{\"m\":2}\n".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("notepad.jsonl"), withMark);

        assertThat(read(JsonLinesFeed.of(dir.resolve("notepad.jsonl"), false).after(0), 10))
                .containsExactly("1 {\"m\":1}", "2 {\"m\":2}");
        assertThat(read(JsonLinesFeed.standardInput(new ByteArrayInputStream(withMark)).after(0), 10))
                .containsExactly("1 {\"m\":1}", "2 {\"m\":2}");
    }

    @Test
    void aLineThatIsNotUtf8IsUnreadableWithThatReasonNotTurnedIntoReplacementCharacters() throws Exception {
        byte[] gbk = "{\"text\":\"加微信转账\"}\n".getBytes(java.nio.charset.Charset.forName("GBK"));
        Path file = dir.resolve("mixed.jsonl");
        Files.write(file, concat(concat("{\"m\":1}\n".getBytes(StandardCharsets.UTF_8), gbk),
                "{\"m\":\"签到\"}\n".getBytes(StandardCharsets.UTF_8)));

        List<ArchiveBridge.Entry> entries = entries(JsonLinesFeed.of(file, false).after(0));

        assertThat(entries).extracting(ArchiveBridge.Entry::unreadableBecause).satisfiesExactly(reason -> assertThat(reason).isNull(), reason -> assertThat(reason).startsWith("not valid UTF-8 (invalid byte at offset"), reason -> assertThat(reason).isNull());
        assertThat(entries.get(2).json()).isEqualTo("{\"m\":\"签到\"}");
        assertThat(entries).extracting(ArchiveBridge.Entry::source).containsOnly(file.toString());
    }

    @Test
    void aLineLongerThanKafkaTakesKeepsOnlyItsBeginningAndTheNextLinesStillCome() throws Exception {
        Path file = dir.resolve("big.jsonl");
        String huge = "{\"text\":\"" + "x".repeat(2_000_000) + "\"}";
        Files.writeString(file, "{\"m\":1}\n" + huge + "\n{\"m\":3}\n");

        List<ArchiveBridge.Entry> entries = entries(JsonLinesFeed.of(file, false).after(0));

        assertThat(entries).extracting(ArchiveBridge.Entry::seq).containsExactly(1L, 2L, 3L);
        assertThat(entries.get(1).unreadableBecause()).startsWith("line of " + huge.length() + " bytes is longer than");
        assertThat(entries.get(1).json()).hasSizeLessThanOrEqualTo(JsonLinesFeed.MAX_LINE_BYTES).startsWith("{\"text\":\"xxx");
        assertThat(entries.get(2).json()).isEqualTo("{\"m\":3}");
    }

    @Test
    void standardInputIsHandedOnLineByLineWhileTheWriterIsStillWriting() throws Exception {
        java.io.PipedOutputStream writer = new java.io.PipedOutputStream();
        java.io.PipedInputStream stdin = new java.io.PipedInputStream(writer);
        Iterator<ArchiveBridge.Entry> feed = JsonLinesFeed.standardInput(stdin).after(0);
        writer.write("{\"m\":1}\n".getBytes(StandardCharsets.UTF_8));
        writer.flush();

        Future<List<String>> first = Executors.newSingleThreadExecutor().submit(() -> read(feed, 1));
        assertThat(first.get(2, TimeUnit.SECONDS)).containsExactly("1 {\"m\":1}");
        writer.write("{\"m\":2}".getBytes(StandardCharsets.UTF_8));
        writer.close();
        assertThat(read(feed, 10)).containsExactly("2 {\"m\":2}");
    }

    private static List<ArchiveBridge.Entry> entries(Iterator<ArchiveBridge.Entry> feed) {
        List<ArchiveBridge.Entry> entries = new ArrayList<>();
        feed.forEachRemaining(entries::add);
        return entries;
    }

    private static List<String> read(Iterator<ArchiveBridge.Entry> entries, int atMost) {
        List<String> read = new ArrayList<>();
        while (read.size() < atMost && entries.hasNext()) {
            ArchiveBridge.Entry entry = entries.next();
            read.add(entry.seq() + " " + entry.json());
        }
        return read;
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
