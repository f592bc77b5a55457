package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./run archive-bridge} with a checkpoint it cannot use: one line naming the file, exit status 2, before Kafka is touched. */
class ArchiveBridgeCommandTest {

    @TempDir
    Path dir;

    @Test
    void aCorruptCheckpointIsOneLineNamingTheFile() throws Exception {
        Path checkpoint = dir.resolve("bridge.checkpoint");
        Files.writeString(checkpoint, "garbage\n");

        String[] stderr = new String[1];
        int status = bridge(checkpoint, stderr);

        assertThat(status).isEqualTo(WeComFlowCli.USAGE_ERROR);
        assertThat(stderr[0]).isEqualTo("error: --checkpoint " + checkpoint
                + ": not a checkpoint (expected a seq, found \"garbage\")" + System.lineSeparator());
    }

    @Test
    void aCheckpointInAMissingDirectoryIsOneLineNotAStackTrace() throws Exception {
        Path checkpoint = dir.resolve("no-such-dir").resolve("bridge.checkpoint");

        String[] stderr = new String[1];
        int status = bridge(checkpoint, stderr);

        assertThat(status).isEqualTo(WeComFlowCli.USAGE_ERROR);
        assertThat(stderr[0]).isEqualTo("error: --checkpoint " + checkpoint + ": the directory " + checkpoint.getParent()
                + " does not exist (create it, or choose another path)" + System.lineSeparator());
    }

    private int bridge(Path checkpoint, String[] stderr) throws Exception {
        Path input = dir.resolve("messages.jsonl");
        Files.writeString(input, "{\"msgid\":\"m1\"}\n");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            // Port 1 answers nobody: the command must stop at the checkpoint, before any Kafka client waits on it.
            return WeComFlowCli.execute("archive-bridge", "--input", input.toString(), "--corp-id", "wwcli",
                    "--checkpoint", checkpoint.toString(), "--bootstrap-servers", "127.0.0.1:1");
        } finally {
            System.setErr(original);
            stderr[0] = captured.toString(StandardCharsets.UTF_8);
        }
    }
}
