package com.wecomflow.runner;

import com.wecomflow.records.ResultTable;
import com.wecomflow.sinks.clickhouse.LocalClickHouseServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Debian's clickhouse-server (18.16), the only server these machines install, with test tables for every result table. */
final class OldClickHouse {

    private OldClickHouse() {}

    /** A server started on free ports with the result tables in a form 18.16 accepts (the real schema needs 24.x). */
    static LocalClickHouseServer withResultTables() throws Exception {
        LocalClickHouseServer server = LocalClickHouseServer.start();
        try {
            for (String statement : Migrations.statements(Files.readString(
                    Path.of("src/test/resources/old-server-result-tables.sql"), StandardCharsets.UTF_8))) {
                server.query(statement);
            }
            return server;
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    /**
     * The query counting a table's rows as current ClickHouse's FINAL shows them: 18.16 knows no
     * {@code ReplacingMergeTree(version, is_deleted)}, so the rows written as deleted are left out here.
     */
    static String countVisibleRows(ResultTable table) {
        return "SELECT count() FROM wecom." + table.tableName() + " FINAL"
                + (table.rowsCanBeDeleted() ? " WHERE is_deleted = 0" : "");
    }
}
