package com.wecomflow.sinks.postgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for the sink's tests: Debian's {@code postgresql} (15), a cluster made
 * by {@code initdb} in a temporary directory, started with {@code pg_ctl} on a free port (its
 * socket in that directory too), stopped and deleted afterwards. PostgreSQL refuses to run as
 * root, so under root the server runs as the package's {@code postgres} user. {@code ./run test}
 * installs the package; where it is missing the tests are skipped with a message, except in CI,
 * where that is a failure.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final String USER = "wecom";

    private final Path binaries;
    private final Path directory;
    private final int port;
    private final String osUser;

    private LocalPostgres(Path binaries, Path directory, int port, String osUser) {
        this.binaries = binaries;
        this.directory = directory;
        this.port = port;
        this.osUser = osUser;
    }

    public static LocalPostgres start() throws Exception {
        Path binaries = installedBinaries();
        if (binaries == null) {
            String message = "PostgreSQL's server is not installed (apt-get install postgresql)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message + ": required in CI");
            }
            Assumptions.abort(message);
        }
        Path directory = Files.createTempDirectory("wecom-flow-postgres-");
        String osUser = "root".equals(System.getProperty("user.name")) ? "postgres" : null;
        LocalPostgres server = new LocalPostgres(binaries, directory, freePort(), osUser);
        if (osUser != null) {
            server.run(List.of("chown", osUser, directory.toString()), false);
        }
        server.run(List.of(binaries.resolve("initdb").toString(), "-D", server.data().toString(), "-U", USER,
                "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"), true);
        server.startProcess();
        return server;
    }

    /** The newest {@code /usr/lib/postgresql/N/bin} with a server in it, or null. */
    private static Path installedBinaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("pg_ctl")) && Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparingInt(bin -> Integer.parseInt(bin.getParent().getFileName().toString())))
                    .orElse(null);
        }
    }

    private Path data() {
        return directory.resolve("data");
    }

    /** The JDBC URL of a database of this server, logged in as its superuser. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
    }

    /** Creates a database and returns its URL. */
    public String createDatabase(String database) throws SQLException {
        try (Connection connection = PostgresConnection.parse(url("postgres")).open();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        return url(database);
    }

    /** The first row of a query's answer, its columns joined with {@code |}. */
    public static String firstRow(PostgresConnection database, String sql) throws SQLException {
        try (Connection connection = database.open();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            StringBuilder row = new StringBuilder();
            for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                row.append(column > 1 ? "|" : "").append(result.getString(column));
            }
            return row.toString();
        }
    }

    /** Starts (or restarts) the server on the same port and data, and waits until it takes sessions. */
    public void startProcess() throws Exception {
        run(List.of(binaries.resolve("pg_ctl").toString(), "start", "-w", "-t", "60", "-D", data().toString(),
                "-l", directory.resolve("server.log").toString(),
                "-o", "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c fsync=off"), true);
    }

    /** Stops the server as an outage would (sessions cut, the data stays). */
    public void stopProcess() throws Exception {
        run(List.of(binaries.resolve("pg_ctl").toString(), "stop", "-w", "-m", "fast", "-D", data().toString()), true);
    }

    private void run(List<String> command, boolean asServerUser) throws Exception {
        List<String> full = new ArrayList<>();
        if (asServerUser && osUser != null) {
            full.addAll(List.of("runuser", "-u", osUser, "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            String log = Files.exists(directory.resolve("server.log"))
                    ? Files.readString(directory.resolve("server.log")) : "";
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output + "\n" + log);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (Files.exists(data().resolve("postmaster.pid"))) {
                run(List.of(binaries.resolve("pg_ctl").toString(), "stop", "-w", "-m", "immediate", "-D", data().toString()),
                        true);
            }
        } finally {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
