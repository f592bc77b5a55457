package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkFilesTest {

    @TempDir
    Path dir;

    @Test
    void countsOnlyCompleteLinesAndReadsAnUnfinishedLineWholeOnceItEnds() throws Exception {
        Path part = Files.createDirectories(dir.resolve("checkin_streaks")).resolve("part-0-0-job.jsonl");
        Files.writeString(part, "{\"a\":1}\n{\"a\":2}\n{\"member_id\":\"wmbench", StandardCharsets.UTF_8);
        SinkFiles files = new SinkFiles(dir);
        List<String> matched = new ArrayList<>();

        files.scan("benchprobe-", (table, row) -> matched.add(table + " " + row));
        assertThat(files.rowsWritten()).isEqualTo(2);
        assertThat(matched).isEmpty();

        Files.writeString(part, "probe-7-member\"}\n{\"a\":3}\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        files.scan("benchprobe-", (table, row) -> matched.add(table + " " + row));
        assertThat(matched).containsExactly("checkin_streaks {\"member_id\":\"wmbenchprobe-7-member\"}");
        assertThat(files.rowsWritten()).isEqualTo(4);
    }

    @Test
    void readsEveryTablesFilesAndCountsAMissingDirectoryAsNothingWritten() throws Exception {
        SinkFiles files = new SinkFiles(dir.resolve("not-yet"));
        assertThat(files.rowsWritten()).isZero();

        Files.writeString(Files.createDirectories(dir.resolve("a")).resolve("part-0.jsonl"), "1\n2\n");
        Files.writeString(Files.createDirectories(dir.resolve("b")).resolve("part-1.jsonl"), "3\n");
        assertThat(new SinkFiles(dir).rowsWritten()).isEqualTo(3);
    }
}
