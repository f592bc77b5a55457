package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code run} script's own commands, run as a user runs them. {@code mvn}, {@code apt-get},
 * {@code sudo} and {@code java} are replaced on the PATH by stand-ins that note their call, so a
 * help request that would build, install or run something is caught instead of done.
 */
class RunScriptTest {

    private static final Path SCRIPT = Path.of("../run").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Path calls;
    private Path standIns;

    @BeforeEach
    void replaceToolsWithStandIns() throws IOException {
        calls = dir.resolve("calls.log");
        standIns = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("mvn", "apt-get", "sudo", "java")) {
            Path standIn = standIns.resolve(tool);
            Files.writeString(standIn, "#!/bin/sh\necho \"" + tool + " $*\" >> '" + calls + "'\nexit 1\n");
            Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void helpOfTheScriptsOwnCommandsPrintsUsageAndRunsNothing() throws Exception {
        for (List<String> args : List.of(List.of("--help"), List.of("-h"), List.of("test", "--help"),
                List.of("test", "-Dtest=X", "-h"), List.of("build", "--help"), List.of("build", "-h"),
                List.of("verify", "--help"), List.of("verify", "--out", "DIR", "-h"), List.of("dashboards", "--help"),
                List.of("dashboards", "--results", "DIR", "-h"))) {
            Result result = run(args);

            String expected = args.size() == 1 ? "usage: ./run COMMAND" : "usage: ./run " + args.get(0);
            assertThat(result.status()).as("%s", args).isZero();
            assertThat(result.out()).as("%s", args).startsWith(expected);
            assertThat(result.err()).as("%s", args).isEmpty();
        }
        assertThat(calls).doesNotExist();
    }

    @Test
    void theTopLevelHelpNamesTheVersionOptionAndTheDebugVariable() throws Exception {
        String help = run(List.of("--help")).out();

        assertThat(help).contains("-V, --version").contains(WeComFlowCli.DEBUG_VARIABLE + "=1")
                .contains("verify      --callbacks FILE --messages FILE");
    }

    @Test
    void aBadCommandOrBuildOptionIsOneErrorLineAndStatusTwo() throws Exception {
        // verify's and dashboards' arguments are checked by the system's python3, before their Python environment
        // (chDB, or Superset) is prepared.
        for (List<String> args : List.<List<String>>of(List.of("replya"), List.of("build", "--fast"), List.of(),
                List.of("verify", "--out", "nowhere"), List.of("verify", "--callbacks", "run", "--messages", "pom.xml",
                        "--out", "nowhere"), List.of("dashboards", "--results", "nowhere"))) {
            Result result = run(args);

            assertThat(result.status()).as("%s", args).isEqualTo(2);
            if (!args.isEmpty()) {
                assertThat(result.err().strip().lines().toList()).as("%s", args).singleElement().asString()
                        .startsWith("error: ");
            }
        }
        assertThat(calls).doesNotExist();
    }

    private record Result(int status, String out, String err) {}

    private Result run(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        builder.environment().put("PATH", standIns + ":" + System.getenv("PATH"));
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", args).isTrue();
        return new Result(process.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }
}
