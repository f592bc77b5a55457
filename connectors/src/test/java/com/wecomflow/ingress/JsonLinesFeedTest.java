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
