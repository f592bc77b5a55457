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
 * {@code docker/flink/submit-jobs.sh}, the compose stack's {@code submit-jobs} one-shot, with
 * {@code flink} replaced on the PATH by a stand-in that notes each call, lists the jobs it is told
 * are running and answers {@code run} with a job id, as Flink's CLI does. (The real CLI against a
 * real cluster is what {@code StandaloneClusterIT} runs; here the point is what the script asks it.)
 */
class SubmitJobsScriptTest {

    private static final Path SCRIPT = Path.of("../docker/flink/submit-jobs.sh").toAbsolutePath().normalize();
    private static final String OLD_JOB_ID = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private Path calls;
    private Path listing;
    private Path checkpoints;

    @BeforeEach
    void replaceFlinkWithAStandIn() throws IOException {
        calls = dir.resolve("calls.log");
        listing = dir.resolve("listing.txt");
        checkpoints = Files.createDirectories(dir.resolve("checkpoints"));
        Files.writeString(listing, "Waiting for response...\nNo running jobs.\n");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path flink = bin.resolve("flink");
        Files.writeString(flink, """
                #!/bin/sh
                echo "flink $*" >> '%s'
                case "$1" in
                  list) cat '%s' ;;
                  run) printf 'Job has been submitted with JobID %%032d\\n' "$(wc -l < '%s')" ;;
                esac
                """.formatted(calls, listing, calls));
        Files.setPosixFilePermissions(flink, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void submitsWhatIsNotRunningAndResumesAJobFromTheNewestCompletedCheckpointOfItsLastSubmission() throws Exception {
        Files.writeString(listing, """
                Waiting for response...
                ------------------ Running/Restarting Jobs -------------------
                01.12.2026 10:00:00 : ffffffffffffffffffffffffffffffff : member-activity (RUNNING)
                --------------------------------------------------------------
                """);
        Files.createDirectories(checkpoints.resolve("wecom-flow-jobs"));
        Files.writeString(checkpoints.resolve("wecom-flow-jobs/checkin-streaks.jobid"), OLD_JOB_ID + "\n");
        for (String checkpoint : List.of("chk-3", "chk-12", "chk-9")) {
            Files.createDirectories(checkpoints.resolve(OLD_JOB_ID).resolve(checkpoint));
            Files.writeString(checkpoints.resolve(OLD_JOB_ID).resolve(checkpoint).resolve("_metadata"), "metadata");
        }
        // In progress when the JobManager went away: no _metadata, not a checkpoint to resume from.
        Files.createDirectories(checkpoints.resolve(OLD_JOB_ID).resolve("chk-13"));
        Files.createDirectories(checkpoints.resolve(OLD_JOB_ID).resolve("shared"));
        String checkpointDir = "file://" + checkpoints;

        Result result = run("/opt/wecom-flow/jobs.jar", "member-activity=com.wecomflow.jobs.MemberActivityJob",
                "checkin-streaks=com.wecomflow.jobs.CheckinStreaksJob",
                "channel-conversion=com.wecomflow.jobs.ChannelConversionJob",
                "--", "--bootstrap-servers", "kafka:9092", "--checkpoint-dir", checkpointDir);

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(Files.readAllLines(calls)).containsExactly(
                "flink list",
                "flink run -d -s file://" + checkpoints.resolve(OLD_JOB_ID).resolve("chk-12")
                        + " -c com.wecomflow.jobs.CheckinStreaksJob /opt/wecom-flow/jobs.jar"
                        + " --bootstrap-servers kafka:9092 --checkpoint-dir " + checkpointDir,
                "flink run -d -c com.wecomflow.jobs.ChannelConversionJob /opt/wecom-flow/jobs.jar"
                        + " --bootstrap-servers kafka:9092 --checkpoint-dir " + checkpointDir);
        assertThat(result.out()).contains("member-activity: already running, left alone");
        // The ids of these submissions are what the next run resumes from: the stand-in's ids are its call counts.
        assertThat(checkpoints.resolve("wecom-flow-jobs/checkin-streaks.jobid")).hasContent("%032d".formatted(2));
        assertThat(checkpoints.resolve("wecom-flow-jobs/channel-conversion.jobid")).hasContent("%032d".formatted(3));
        assertThat(checkpoints.resolve("wecom-flow-jobs/member-activity.jobid")).doesNotExist();
    }

    @Test
    void withoutAFileCheckpointDirectoryNothingIsSubmitted() throws Exception {
        for (List<String> arguments : List.of(
                List.of("/jar", "member-activity=com.wecomflow.jobs.MemberActivityJob", "--", "--bootstrap-servers", "kafka:9092"),
                List.of("/jar", "member-activity=com.wecomflow.jobs.MemberActivityJob", "--", "--checkpoint-dir", "s3://bucket/x"),
                List.of("/jar", "com.wecomflow.jobs.MemberActivityJob", "--", "--checkpoint-dir", "file:///x"))) {
            Result result = run(arguments.toArray(String[]::new));

            assertThat(result.status()).as("%s", arguments).isEqualTo(2);
            assertThat(result.err()).as("%s", arguments).isNotBlank();
        }
        assertThat(calls).doesNotExist();
    }

    @Test
    void aClusterThatCannotBeAskedStopsTheScriptBeforeAnySubmission() throws Exception {
        Files.delete(listing);

        Result result = run("/jar", "member-activity=com.wecomflow.jobs.MemberActivityJob", "--",
                "--checkpoint-dir", "file://" + checkpoints);

        assertThat(result.status()).isNotZero();
        assertThat(Files.readAllLines(calls)).containsExactly("flink list");
    }

    private record Result(int status, String out, String err) {}

    private Result run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        builder.environment().put("PATH", dir.resolve("bin") + ":/usr/bin:/bin");
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }
}
