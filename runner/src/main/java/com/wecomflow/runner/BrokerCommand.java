package com.wecomflow.runner;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./run broker}: the local runner's Kafka broker (KRaft, the contract's topics created) as
 * a process of its own, for a standalone Flink cluster on this machine to read from and write to.
 * It listens on loopback only and keeps its data in a temporary directory removed when it stops.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a Kafka broker (KRaft, loopback only, the contract's topics created) until stopped.")
final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-file", paramLabel = "FILE",
            description = "also write the bootstrap servers to FILE once the broker is ready")
    Path bootstrapFile;

    @Override
    public Integer call() throws Exception {
        Path data = Files.createTempDirectory("wecom-flow-broker-");
        LocalKafkaBroker broker;
        try {
            broker = LocalKafkaBroker.start(data);
        } catch (Exception e) {
            Directories.deleteRecursively(data);
            throw e;
        }
        // Stopped by a signal (Ctrl-C, kill): the broker closes and its data goes with it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(broker, data), "broker-stop"));
        if (bootstrapFile != null) {
            // Written whole and renamed, so whoever polls for the file never reads half an address.
            Path partial = bootstrapFile.resolveSibling(bootstrapFile.getFileName() + ".partial");
            Files.writeString(partial, broker.bootstrapServers() + "\n", StandardCharsets.UTF_8);
            Files.move(partial, bootstrapFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println("Kafka broker ready at " + broker.bootstrapServers() + "; Ctrl-C stops it");
        new CountDownLatch(1).await();
        return 0;
    }

    private static void stop(LocalKafkaBroker broker, Path data) {
        try {
            broker.close();
            Directories.deleteRecursively(data);
        } catch (Exception e) {
            System.err.println("stopping the broker: " + e.getMessage());
        }
    }
}
