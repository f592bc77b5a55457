package com.wecomflow.sinks.postgres;

import com.wecomflow.records.ResultTable;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one statement the PostgreSQL sink runs per row. The row comes as its JSON text (the same
 * JSON the other sinks write) and {@code json_populate_record} turns it into the table's row type,
 * so the statement needs no per-column binding. It keeps the table as {@code SELECT ... FINAL}
 * would show it in ClickHouse: one row per key, the highest {@code version} wins, so a batch
 * written twice or an older version arriving late changes nothing.
 *
 * <p>Tables whose rows can be deleted ({@code is_deleted = 1}) delete the row and remember the
 * deleting version in {@code TABLE_deleted}; a live row older than that is not inserted again, so a
 * late, older row cannot bring a deleted one back.
 *
 * <p>The statement is exact for any order of one key's rows within one session's sequence of
 * statements. Two sessions writing the same key at once could interleave a delete and an insert;
 * that does not happen because every table's rows come from an operator keyed by (a part of) the
 * table's key, so one key always goes through one sink writer.
 */
public final class PostgresUpsert {

    private PostgresUpsert() {}

    /** The tombstones of a table whose rows can be deleted: its key and the deleting version. */
    public static String tombstoneTable(ResultTable table) {
        return table.tableName() + "_deleted";
    }

    /**
     * @param columns the row's columns as its JSON names them ({@code is_deleted} among them for a
     *     table whose rows can be deleted; it is not stored)
     */
    public static String statement(ResultTable table, List<String> columns) {
        if (table.rowsCanBeDeleted() != columns.contains(ResultTable.IS_DELETED_COLUMN)) {
            throw new IllegalArgumentException(table.tableName() + (table.rowsCanBeDeleted()
                    ? "'s rows can be deleted, but the row type has no " : "'s rows cannot be deleted, but the row type has ")
                    + ResultTable.IS_DELETED_COLUMN);
        }
        String target = qualified(table.tableName());
        List<String> stored = columns.stream().filter(column -> !column.equals(ResultTable.IS_DELETED_COLUMN)).toList();
        List<String> keys = table.keyColumns();
        String insert = "INSERT INTO " + target + " AS existing (" + list(stored, PostgresUpsert::quoted) + ")\n"
                + "SELECT " + list(stored, column -> "incoming." + quoted(column)) + " FROM incoming\n";
        String upsert = "ON CONFLICT (" + list(keys, PostgresUpsert::quoted) + ") DO UPDATE SET "
                + list(stored.stream().filter(column -> !keys.contains(column)).toList(),
                        column -> quoted(column) + " = excluded." + quoted(column))
                + "\nWHERE existing." + quoted(ResultTable.VERSION_COLUMN) + " < excluded." + quoted(ResultTable.VERSION_COLUMN);
        if (!table.rowsCanBeDeleted()) {
            return "WITH incoming AS (SELECT * FROM json_populate_record(NULL::" + target + ", ?::json))\n"
                    + insert + upsert;
        }
        String tombstones = qualified(tombstoneTable(table));
        String version = quoted(ResultTable.VERSION_COLUMN);
        return "WITH document AS (SELECT ?::json AS row_json),\n"
                + "incoming AS (SELECT fields.*, coalesce(document.row_json ->> '" + ResultTable.IS_DELETED_COLUMN + "', '0') = '1' AS gone"
                + " FROM document, json_populate_record(NULL::" + target + ", document.row_json) AS fields),\n"
                + "tombstone AS (INSERT INTO " + tombstones + " AS kept (" + list(keys, PostgresUpsert::quoted) + ", " + version + ")"
                + " SELECT " + list(keys, column -> "incoming." + quoted(column)) + ", incoming." + version
                + " FROM incoming WHERE incoming.gone"
                + " ON CONFLICT (" + list(keys, PostgresUpsert::quoted) + ") DO UPDATE SET " + version + " = excluded." + version
                + " WHERE kept." + version + " < excluded." + version + "),\n"
                + "removed AS (DELETE FROM " + target + " AS existing USING incoming WHERE incoming.gone AND "
                + sameKey("existing", keys) + " AND existing." + version + " < incoming." + version + ")\n"
                + insert
                + "WHERE NOT incoming.gone AND NOT EXISTS (SELECT FROM " + tombstones + " AS kept WHERE "
                + sameKey("kept", keys) + " AND kept." + version + " >= incoming." + version + ")\n"
                + upsert;
    }

    private static String sameKey(String alias, List<String> keys) {
        return keys.stream().map(key -> alias + "." + quoted(key) + " = incoming." + quoted(key))
                .collect(Collectors.joining(" AND "));
    }

    private static String qualified(String table) {
        return ResultTable.DATABASE + "." + quoted(table);
    }

    /** A table's name as {@code to_regclass} and messages take it. */
    static String qualifiedName(String table) {
        return ResultTable.DATABASE + "." + table;
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String list(List<String> columns, Function<String, String> each) {
        return columns.stream().map(each).collect(Collectors.joining(", "));
    }
}
