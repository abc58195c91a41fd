package dev.analyst.execution.analysis;

import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A result table built row by row; NaN becomes null, as JSON has no NaN. */
final class TableBuilder {

    static final String TEXT = "text";
    static final String FLOAT = "float8";
    static final String INT = "int8";

    private final List<ResultColumn> columns = new ArrayList<>();
    private final List<List<@Nullable Object>> rows = new ArrayList<>();

    TableBuilder column(String name, String type) {
        columns.add(new ResultColumn(name, type));
        return this;
    }

    TableBuilder row(@Nullable Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("a row has one value per column");
        }
        @Nullable Object[] cells = Arrays.copyOf(values, values.length);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = switch (cells[i]) {
                case Double d when !Double.isFinite(d) -> null;
                case Integer n -> n.longValue();
                case null, default -> cells[i];
            };
        }
        rows.add(Arrays.asList(cells));
        return this;
    }

    ResultTable build() {
        return build(false);
    }

    ResultTable build(boolean truncated) {
        return new ResultTable(columns, rows, truncated);
    }
}
