package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.jobs.compliance.ComplianceRule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    void aBenchPipelineArgumentOutOfRangeIsOneLineAndExitTwo() {
        assertThat(WeComFlowCli.execute("bench", "pipeline", "--records", "10")).isEqualTo(2);
        assertThat(errorLines()).hasSize(1);
        assertThat(errorLines()[0]).contains("--records must be at least 1000, got 10");

        err.reset();
        assertThat(WeComFlowCli.execute("bench", "pipeline", "--skip", "alone,warp")).isEqualTo(2);
        assertThat(errorLines()).hasSize(1);
        assertThat(errorLines()[0]).contains("--skip takes").contains("got warp");

        err.reset();
        assertThat(WeComFlowCli.execute("bench", "pipeline", "--state", "disk")).isEqualTo(2);
        assertThat(errorLines()).hasSize(1);
        assertThat(errorLines()[0]).contains("--state takes auto, heap or rocksdb, got disk");

        err.reset();
        assertThat(WeComFlowCli.execute("bench", "pipeline", "--latency-seconds", "15")).isEqualTo(2);
        assertThat(errorLines()).hasSize(1);
        assertThat(errorLines()[0]).contains("--latency-seconds must be over the 15 s warm-up");
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
    void aParameterErrorOfASubcommandPointsToTheWholeCommandsHelp() {
        int status = WeComFlowCli.execute("rules", "disable", "r1");

        assertThat(status).isEqualTo(2);
        assertThat(errorLines()).containsExactly(
                "error: Missing required option: '--bootstrap-servers=HOSTS' (see ./run rules disable --help)");
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

    @Test
    void everyCommandsHelpPrintsItsUsageAndExitsZero() {
        List<List<String>> commands = new ArrayList<>();
        collectCommands(new picocli.CommandLine(new WeComFlowCli()), new ArrayList<>(), commands);
        assertThat(commands).contains(List.of(), List.of("replay"), List.of("migrate"), List.of("bench", "matcher"));

        for (List<String> command : commands) {
            for (String help : List.of("--help", "-h")) {
                String[] args = java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of(help))
                        .toArray(String[]::new);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int status = withStandardOutput(out, () -> WeComFlowCli.execute(args));

                assertThat(status).as(String.join(" ", args)).isZero();
                assertThat(out.toString(StandardCharsets.UTF_8)).as(String.join(" ", args))
                        .startsWith("Usage: " + String.join(" ", java.util.stream.Stream.concat(
                                java.util.stream.Stream.of("./run"), command.stream()).toList()));
            }
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void versionIsTheMavenProjectVersionOnEveryCommand() throws Exception {
        String rootPom = Files.readString(Path.of("../pom.xml"));
        java.util.regex.Matcher projectVersion = java.util.regex.Pattern
                .compile("<artifactId>wecom-flow</artifactId>\\s*<version>([^<]+)</version>").matcher(rootPom);
        assertThat(projectVersion.find()).isTrue();

        for (String[] args : List.of(new String[] {"--version"}, new String[] {"-V"}, new String[] {"replay", "-V"})) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int status = withStandardOutput(out, () -> WeComFlowCli.execute(args));

            assertThat(status).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo("wecom-flow " + projectVersion.group(1));
        }
    }

    @Test
    void aConfigValueOfTheWrongTypeIsOneLineNamingTheOptionFileKeyAndType() throws Exception {
        Path callbacks = Files.writeString(dir.resolve("c.jsonl"), "");
        Path config = Files.writeString(dir.resolve("cfg.yaml"), "attribution_window_days: seven\n");
        int status = WeComFlowCli.execute("replay", "--callbacks", callbacks.toString(), "--messages", callbacks.toString(),
                "--config", config.toString(), "--out", dir.resolve("out").toString());

        assertThat(status).isEqualTo(2);
        assertThat(errorLines()).containsExactly(
                "error: --config " + config + ": attribution_window_days must be an integer, got \"seven\"");
    }

    @Test
    void anUnexpectedFailureIsOneLineWithItsMessageAndTypeUnlessDebugAsksForTheTrace() throws Exception {
        assertThat(CommandFailure.describe(new java.util.concurrent.ExecutionException(
                new java.io.IOException("No space left on device\n  while writing part 3"))))
                .isEqualTo("No space left on device while writing part 3 (IOException; WECOM_FLOW_DEBUG=1 shows the stack trace)");
        assertThat(CommandFailure.describe(new NullPointerException()))
                .isEqualTo("NullPointerException (WECOM_FLOW_DEBUG=1 shows the stack trace)");

        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        int status = WeComFlowCli.execute(true, "migrate", "--clickhouse-url", "http://127.0.0.1:" + closedPort,
                "--migrations", "../sql/migrations");

        assertThat(status).isEqualTo(WeComFlowCli.FAILURE);
        String[] lines = errorLines();
        assertThat(lines.length).isGreaterThan(3);
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("\tat com.wecomflow.runner.ClickHouseMigrations"));
        assertThat(lines[lines.length - 1]).startsWith("error: ClickHouse at http://127.0.0.1:" + closedPort + " is unreachable");
    }

    @Test
    void theSummarySaysTheBuiltInRulesStillApplyWithoutRules() {
        ReplayRunner.Summary noRules = new ReplayRunner.Summary(3, 4, 0, List.of("builtin.phone", "builtin.email"),
                java.util.Map.of(), 0, 0, java.time.Duration.ofMillis(1500));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        WeComFlowCli.printSummary(noRules, dir, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("replayed 3 callback records and 4 archive records "
                + "with 0 compliance rules (the built-in rules builtin.phone and builtin.email still apply) in 1.5s");
        assertThat(WeComFlowCli.rulesInForce(1, List.of("builtin.email")))
                .isEqualTo("1 compliance rule plus the built-in rule builtin.email");
        assertThat(WeComFlowCli.rulesInForce(0, List.of())).isEqualTo("0 compliance rules (built-in rules disabled)");
        // As ./run jobs words the rules on the topic: a line that only disables a built-in is not a rule of one's own.
        assertThat(WeComFlowCli.rulesInForce(List.of(
                new ComplianceRule("builtin.phone", "builtin", null, null, null, null, false, false))))
                .isEqualTo("0 compliance rules (the built-in rule builtin.email still applies)");
    }

    private static void collectCommands(picocli.CommandLine command, List<String> path, List<List<String>> commands) {
        commands.add(List.copyOf(path));
        for (java.util.Map.Entry<String, picocli.CommandLine> sub : command.getSubcommands().entrySet()) {
            List<String> subPath = new ArrayList<>(path);
            subPath.add(sub.getKey());
            collectCommands(sub.getValue(), subPath, commands);
        }
    }

    private static int withStandardOutput(ByteArrayOutputStream out, java.util.function.IntSupplier command) {
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            return command.getAsInt();
        } finally {
            System.setOut(original);
        }
    }

    private String[] errorLines() {
        return err.toString(StandardCharsets.UTF_8).strip().split("\n");
    }
}
