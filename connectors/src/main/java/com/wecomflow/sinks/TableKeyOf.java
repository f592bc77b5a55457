package com.wecomflow.sinks;

import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.wecomflow.parse.Json;
import com.wecomflow.records.ResultTable;
import java.util.List;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * A result row's table key (its key columns' values), for any row type. The columns are read
 * through the accessors the row's JSON is written with, so the row is not serialised once more
 * just to be partitioned.
 */
public final class TableKeyOf<T> implements KeySelector<T, String> {

    private static final long serialVersionUID = 1L;

    private final ResultTable table;
    private transient List<AnnotatedMember> keyColumns;

    public TableKeyOf(ResultTable table) {
        this.table = table;
    }

    @Override
    public String getKey(T row) {
        if (keyColumns == null) {
            keyColumns = Json.accessorsOf(row.getClass(), table.keyColumns());
        }
        StringBuilder key = new StringBuilder();
        for (AnnotatedMember column : keyColumns) {
            // A separator no id contains keeps ("a", "bc") and ("ab", "c") apart.
            key.append(column.getValue(row)).append('\u0001');
        }
        return key.toString();
    }
}
