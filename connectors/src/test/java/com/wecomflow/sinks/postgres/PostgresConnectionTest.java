package com.wecomflow.sinks.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code --postgres-url}: what a JDBC URL says, and one clear message for anything else. */
class PostgresConnectionTest {

    @Test
    void readsHostPortDatabaseAndLoginFromTheUrl() {
        PostgresConnection postgres = PostgresConnection.parse(
                "jdbc:postgresql://db.internal:6543/scrm?user=wecom&password=s3cret&sslmode=disable");

        assertThat(postgres.address()).isEqualTo("db.internal:6543");
        assertThat(postgres.database()).isEqualTo("scrm");
        assertThat(postgres.user()).isEqualTo("wecom");
        assertThat(postgres.password()).isEqualTo("s3cret");
        assertThat(postgres).hasToString("db.internal:6543/scrm as wecom");
        assertThat(PostgresConnection.parse("jdbc:postgresql://db.internal/scrm?user=wecom").address())
                .isEqualTo("db.internal:5432");
    }

    @Test
    void aUrlWithoutADatabaseOrNotForPostgresIsOneMessageWithThePasswordMasked() {
        for (String url : new String[] {"jdbc:postgresql://127.0.0.1:5432?user=wecom&password=s3cret",
                "jdbc:postgresql://127.0.0.1:5432/?user=wecom&password=s3cret", "postgres://127.0.0.1/scrm?password=s3cret",
                "jdbc:mysql://127.0.0.1/scrm?password=s3cret"}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream originalErr = System.err;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                assertThatThrownBy(() -> PostgresConnection.parse(url))
                        .as(url)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("--postgres-url must look like jdbc:postgresql://host:5432/database, got ")
                        .hasMessageContaining("password=***")
                        .hasMessageNotContaining("s3cret");
            } finally {
                System.setErr(originalErr);
            }
            // The driver's own parser would have logged a warning of its own here.
            assertThat(err.toString(StandardCharsets.UTF_8)).as(url).isEmpty();
        }
    }
}
