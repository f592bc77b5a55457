package com.wecomflow.sinks;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.parse.Json;
import com.wecomflow.records.ResultTable;
import org.apache.flink.api.java.functions.KeySelector;

/** A result row's table key (its key columns' values as the row's JSON has them), for any row type. */
public final class TableKeyOf<T> implements KeySelector<T, String> {

    private static final long serialVersionUID = 1L;

    private final ResultTable table;

    public TableKeyOf(ResultTable table) {
        this.table = table;
    }

    @Override
    public String getKey(T row) {
        JsonNode columns = Json.ROWS.valueToTree(row);
        StringBuilder key = new StringBuilder();
        for (String column : table.keyColumns()) {
            // A separator no id contains keeps ("a", "bc") and ("ab", "c") apart.
            key.append(columns.path(column).asText()).append('\u0001');
        }
        return key.toString();
    }
}
