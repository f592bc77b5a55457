package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.parse.ArchiveMessageParser;
import com.wecomflow.parse.CallbackEventParser;
import com.wecomflow.parse.ParseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void theSameSeedWritesTheSameFilesAndAnotherSeedDoesNot() throws Exception {
        new TenantGenerator(5, 120, 42).writeTo(dir.resolve("a"));
        new TenantGenerator(5, 120, 42).writeTo(dir.resolve("b"));
        new TenantGenerator(5, 120, 43).writeTo(dir.resolve("c"));

        for (String file : List.of(TenantGenerator.CALLBACKS_FILE, TenantGenerator.MESSAGES_FILE)) {
            byte[] first = Files.readAllBytes(dir.resolve("a").resolve(file));
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(file))).isEqualTo(first);
            assertThat(Files.readAllBytes(dir.resolve("c").resolve(file))).isNotEqualTo(first);
        }
    }

    @Test
    void writesWeComNativeRecordsWithRetriesAndAFewMalformedLines() throws Exception {
        TenantGenerator.Stats stats = new TenantGenerator(7, 300, 1).writeTo(dir);

        int malformed = 0;
        Set<String> distinctCallbacks = new HashSet<>();
        List<String> callbackLines = Files.readAllLines(dir.resolve(TenantGenerator.CALLBACKS_FILE));
        for (String line : callbackLines) {
            try {
                new CallbackEventParser().parse(line);
                distinctCallbacks.add(line);
            } catch (ParseException e) {
                malformed++;
            }
        }
        List<String> messageLines = Files.readAllLines(dir.resolve(TenantGenerator.MESSAGES_FILE));
        long checkins = 0;
        for (String line : messageLines) {
            try {
                var message = new ArchiveMessageParser().parse(line);
                if (message.isPresent() && message.get().textContent() != null
                        && message.get().textContent().contains("签到")) {
                    checkins++;
                }
            } catch (ParseException e) {
                malformed++;
            }
        }
        assertThat(malformed).isEqualTo(stats.malformed()).isPositive();
        assertThat(callbackLines.size() - distinctCallbacks.size()).as("retried callbacks").isPositive();
        assertThat(checkins).isPositive();
        assertThat(callbackLines).anyMatch(line -> line.contains("\"State\":\"store_qr_shanghai\""));
        assertThat(callbackLines).anyMatch(line -> line.contains("\"MemChangeList\":\"w"));
        assertThat(callbackLines).anyMatch(line -> line.contains("\"MemChangeList\":[\"w"));
        assertThat(messageLines).anyMatch(line -> line.contains("\"action\":\"recall\""));
        assertThat(messageLines).anyMatch(line -> line.contains("\"action\":\"switch\""));
    }
}
