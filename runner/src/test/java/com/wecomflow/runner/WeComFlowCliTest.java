package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeComFlowCliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStandardError() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStandardError() {
        System.setErr(originalErr);
    }

    @Test
    void aMissingInputFileIsOneLineAndExitTwo() throws Exception {
        Path messages = Files.writeString(dir.resolve("messages.jsonl"), "");
        int status = WeComFlowCli.execute("replay", "--callbacks", dir.resolve("nope.jsonl").toString(),
                "--messages", messages.toString(), "--out", dir.resolve("out").toString());

        assertThat(status).isEqualTo(2);
        assertThat(errorLines()).hasSize(1);
        assertThat(errorLines()[0]).contains("--callbacks").contains("nope.jsonl");
    }

    @Test
    void aReceiverSecretGivenTwiceIsOneLineAndExitTwo() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "t0k3n\n");
        int status = WeComFlowCli.execute("receiver", "--token", "t0k3n", "--token-file", token.toString(),
                "--encoding-aes-key", "k", "--corp-id", "ww1");

        assertThat(status).isEqualTo(2);
        assertThat(errorLines()).hasSize(1);
        assertThat(errorLines()[0]).contains("--token and --token-file").contains("not both").doesNotContain("t0k3n");
    }

    @Test
    void aMissingOrEmptyReceiverSecretFileIsOneLineAndExitTwo() throws Exception {
        int status = WeComFlowCli.execute("receiver", "--token-file", dir.resolve("nope").toString(),
                "--encoding-aes-key", "k", "--corp-id", "ww1");
        assertThat(status).isEqualTo(2);
        assertThat(errorLines()).hasSize(1);
        assertThat(errorLines()[0]).contains("--token-file: cannot read").contains("nope");

        err.reset();
        Path blank = Files.writeString(dir.resolve("blank-key"), " \n");
        status = WeComFlowCli.execute("receiver", "--token", "t", "--encoding-aes-key-file", blank.toString(),
                "--corp-id", "ww1");
        assertThat(status).isEqualTo(2);
        assertThat(errorLines()).hasSize(1);
        assertThat(errorLines()[0]).contains("--encoding-aes-key-file: ").endsWith("is empty");
    }

    @Test
    void anUnresolvableReceiverHostIsOneLineAndExitTwo() {
        int status = WeComFlowCli.execute("receiver", "--host", "::zz", "--token", "t",
                "--encoding-aes-key", "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt", "--corp-id", "ww1");

        assertThat(status).isEqualTo(2);
        assertThat(errorLines()).hasSize(1);
        assertThat(errorLines()[0]).contains("--host: cannot resolve ::zz");
    }

    @Test
    void anUnknownOptionIsOneLineAndExitTwo() {
        int status = WeComFlowCli.execute("replay", "--callbacks", "a", "--messages", "b", "--out", "c", "--fast");

        assertThat(status).isEqualTo(2);
        assertThat(errorLines()).hasSize(1);
        assertThat(errorLines()[0]).contains("--fast");
    }

    @Test
    void aMissingRequiredOptionIsOneLineAndExitTwo() {
        int status = WeComFlowCli.execute("generate", "--days", "3");

        assertThat(status).isEqualTo(2);
        assertThat(errorLines()).hasSize(1);
        assertThat(errorLines()[0]).contains("--out");
    }

    @Test
    void aBadConfigFileNamesTheUnknownSetting() throws Exception {
        Path callbacks = Files.writeString(dir.resolve("c.jsonl"), "");
        Path config = Files.writeString(dir.resolve("config.yaml"), "timezone: Asia/Shanghai\nattribution_days: 3\n");
        int status = WeComFlowCli.execute("replay", "--callbacks", callbacks.toString(), "--messages", callbacks.toString(),
                "--config", config.toString(), "--out", dir.resolve("out").toString());

        assertThat(status).isEqualTo(2);
        assertThat(errorLines()).hasSize(1);
        assertThat(errorLines()[0]).contains("attribution_days");
    }

    @Test
    void anOutputPathThatIsAFileIsOneLineAndExitTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        int status = WeComFlowCli.execute("generate", "--days", "1", "--customers", "1", "--out", file.toString());

        assertThat(status).isEqualTo(2);
        assertThat(errorLines()).hasSize(1);
        assertThat(errorLines()[0]).startsWith("error: --out: cannot use").contains("taken");
    }

    @Test
    void generateRejectsANonPositiveDayCount() {
        int status = WeComFlowCli.execute("generate", "--days", "0", "--out", dir.toString());

        assertThat(status).isEqualTo(2);
        assertThat(errorLines()[0]).contains("--days");
    }

    private String[] errorLines() {
        return err.toString(StandardCharsets.UTF_8).strip().split("\n");
    }
}
