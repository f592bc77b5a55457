package com.wecomflow.sinks.clickhouse;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real ClickHouse server for the sink's transport tests: Debian's {@code clickhouse-server}
 * (18.16, the only one these machines can install), started on free ports with its own data
 * directory, stopped and deleted afterwards. {@code ./run test} installs the package; where it
 * is missing the tests are skipped with a message, except in CI, where that is a failure.
 */
public final class LocalClickHouseServer implements AutoCloseable {

    private static final Path SERVER = Path.of("/usr/sbin/clickhouse-server");
    private static final Path CLIENT = Path.of("/usr/bin/clickhouse-client");

    private final Path directory;
    private final int httpPort;
    private final int tcpPort;
    private Process process;

    private LocalClickHouseServer(Path directory, int httpPort, int tcpPort) {
        this.directory = directory;
        this.httpPort = httpPort;
        this.tcpPort = tcpPort;
    }

    public static LocalClickHouseServer start() throws Exception {
        if (!Files.isExecutable(SERVER) || !Files.isExecutable(CLIENT)) {
            String message = "clickhouse-server is not installed (apt-get install clickhouse-server clickhouse-client)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message + ": required in CI");
            }
            Assumptions.abort(message);
        }
        Path directory = Files.createTempDirectory("wecom-flow-clickhouse-");
        LocalClickHouseServer server = new LocalClickHouseServer(directory, freePort(), freePort());
        server.writeConfig();
        server.startProcess();
        return server;
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    private void writeConfig() throws IOException {
        for (String sub : new String[] {"data", "tmp", "log", "user_files"}) {
            Files.createDirectories(directory.resolve(sub));
        }
        Files.writeString(directory.resolve("users.xml"), """
                <yandex>
                  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
                  <users><default><password></password><networks><ip>::/0</ip></networks>
                    <profile>default</profile><quota>default</quota></default></users>
                  <quotas><default></default></quotas>
                </yandex>
                """);
        Files.writeString(directory.resolve("config.xml"), """
                <yandex>
                  <logger><level>warning</level><log>%1$s/log/server.log</log><errorlog>%1$s/log/error.log</errorlog></logger>
                  <http_port>%2$d</http_port>
                  <tcp_port>%3$d</tcp_port>
                  <listen_host>127.0.0.1</listen_host>
                  <path>%1$s/data/</path>
                  <tmp_path>%1$s/tmp/</tmp_path>
                  <user_files_path>%1$s/user_files/</user_files_path>
                  <users_config>%1$s/users.xml</users_config>
                  <default_profile>default</default_profile>
                  <default_database>default</default_database>
                  <mark_cache_size>268435456</mark_cache_size>
                </yandex>
                """.formatted(directory, httpPort, tcpPort));
    }

    /** Starts (or restarts) the server on the same ports and data, and waits until it answers. */
    public void startProcess() throws Exception {
        process = new ProcessBuilder(SERVER.toString(), "--config-file=" + directory.resolve("config.xml"))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("log/stdout.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("clickhouse-server did not start; see " + directory.resolve("log"));
            }
            Thread.sleep(100);
        }
    }

    /** Stops the server as an outage would (the data stays). */
    public void stopProcess() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url() + "/ping").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(500);
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a statement with the server's own client (modern drivers cannot read this old server's replies). */
    public String query(String sql) throws Exception {
        Process client = new ProcessBuilder(CLIENT.toString(), "--port", Integer.toString(tcpPort), "--query", sql)
                .redirectErrorStream(true)
                .start();
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (client.waitFor() != 0) {
            throw new IllegalStateException("clickhouse-client failed: " + output);
        }
        return output;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            stopProcess();
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
