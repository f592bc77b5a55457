package com.wecomflow.sinks.postgres;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link LocalPostgres} for all tests of a class: {@code @RegisterExtension static final
 * LocalPostgresPerClass postgres = new LocalPostgresPerClass();}, started before the first test
 * (skipped, or failed in CI, where PostgreSQL is not installed) and deleted after the last.
 */
public final class LocalPostgresPerClass implements BeforeAllCallback, AfterAllCallback {

    private LocalPostgres server;

    public LocalPostgres server() {
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = LocalPostgres.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
        }
    }
}
