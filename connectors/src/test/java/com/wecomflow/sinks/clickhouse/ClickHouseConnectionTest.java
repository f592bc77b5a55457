package com.wecomflow.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code --clickhouse-url}: the login it carries, and messages about it that never show the password. */
class ClickHouseConnectionTest {

    @Test
    void aPlusInThePasswordStaysAPlusAndEscapesAreDecoded() {
        ClickHouseConnection connection = ClickHouseConnection.parse("http://al%69ce:a+b%40c%2Bd@db.example:8124");

        assertThat(connection.user()).isEqualTo("alice");
        assertThat(connection.password()).isEqualTo("a+b@c+d");
        assertThat(connection.endpoint()).isEqualTo("http://db.example:8124");
    }

    @Test
    void aUrlOfTheWrongSchemeIsRefusedWithoutShowingItsPassword() {
        assertThatThrownBy(() -> ClickHouseConnection.parse("clickhouse://alice:S3cret@db.example:9000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--clickhouse-url must look like http://host:8123, got clickhouse://alice:***@db.example:9000");
    }

    @Test
    void somethingThatIsNotAUrlIsRefusedWithoutShowingItsPassword() {
        assertThatThrownBy(() -> ClickHouseConnection.parse("http://alice:S3cret x@db.example:8123"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--clickhouse-url: not a URL: http://alice:***@db.example:8123");
    }

    @Test
    void aUrlWithoutAPasswordIsShownAsItIs() {
        assertThat(ClickHouseConnection.withoutPassword("alice:S3cret@127.0.0.1:8123"))
                .as("no scheme: still user info").isEqualTo("alice:***@127.0.0.1:8123");
        assertThat(ClickHouseConnection.withoutPassword("http://alice@db.example:8123/?a=b:c@d"))
                .isEqualTo("http://alice@db.example:8123/?a=b:c@d");
        assertThat(ClickHouseConnection.parse("http://alice:S3cret@db.example:8123").toString())
                .doesNotContain("S3cret");
    }
}
