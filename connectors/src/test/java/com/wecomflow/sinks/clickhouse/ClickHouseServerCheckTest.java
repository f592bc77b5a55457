package com.wecomflow.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The start-up check of a ClickHouse server, against a real one (18.16) and a port where nothing listens. */
class ClickHouseServerCheckTest {

    private static LocalClickHouseServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = LocalClickHouseServer.start();
        server.query("CREATE DATABASE IF NOT EXISTS wecom_check");
        server.query("CREATE TABLE IF NOT EXISTS wecom_check.present (k String) ENGINE = Memory");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void tablesThatAllExistPass() {
        try (ClickHouseServerCheck check = new ClickHouseServerCheck(ClickHouseConnection.parse(server.url()))) {
            check.requireTables("wecom_check", List.of("present"));
            assertThat(check.answers()).isTrue();
        }
    }

    @Test
    void missingTablesAreNamedWithTheMigrateHint() {
        try (ClickHouseServerCheck check = new ClickHouseServerCheck(ClickHouseConnection.parse(server.url()))) {
            assertThatThrownBy(() -> check.requireTables("wecom_check", List.of("present", "absent", "also_absent")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--clickhouse-url: ClickHouse at " + server.url()
                            + " has no table wecom_check.absent, wecom_check.also_absent;"
                            + " create them with ./run migrate --clickhouse-url URL");
        }
    }

    @Test
    void aDatabaseThatDoesNotExistIsMissingTablesToo() {
        try (ClickHouseServerCheck check = new ClickHouseServerCheck(ClickHouseConnection.parse(server.url()))) {
            assertThatThrownBy(() -> check.requireTables("wecom_nowhere", List.of("t")))
                    .hasMessageContaining("has no table wecom_nowhere.t; create them with ./run migrate");
        }
    }

    @Test
    void anUnknownUserIsALoginRefusedWithoutItsPassword() {
        String url = server.url().replace("http://", "http://nobody:S3cret@");
        try (ClickHouseServerCheck check = new ClickHouseServerCheck(ClickHouseConnection.parse(url))) {
            assertThatThrownBy(() -> check.requireTables("wecom_check", List.of("present")))
                    .hasMessage("--clickhouse-url: ClickHouse at " + server.url() + " refused the login of user 'nobody'"
                            + " (check the URL's user:password or CLICKHOUSE_USER / CLICKHOUSE_PASSWORD)");
            assertThat(check.answers()).isTrue();
        }
    }

    @Test
    void aPortWhereNothingListensIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ClickHouseServerCheck check = new ClickHouseServerCheck(
                ClickHouseConnection.parse("http://127.0.0.1:" + closedPort))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> check.requireTables("wecom_check", List.of("present")))
                    .hasMessageStartingWith("--clickhouse-url: ClickHouse at http://127.0.0.1:" + closedPort
                            + " is unreachable (")
                    .hasMessageNotContaining("\n");
            assertThat(check.answers()).isFalse();
            assertThat(System.nanoTime() - started).isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(10));
        }
    }
}
