package dev.analyst.contracts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A query result as people see it: columns, rows of JSON values (numbers, text, booleans, ISO dates
 * or null), and whether the row cap cut it short.
 */
public record ResultTable(List<ResultColumn> columns, List<List<@Nullable Object>> rows, boolean truncated) {

    public ResultTable {
        columns = List.copyOf(columns);
        rows = rows.stream()
                .map(row -> Collections.unmodifiableList(new ArrayList<>(row)))
                .toList();
    }
}
