package dev.analyst.execution.chart;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** What a column's values are on an axis: numbers and times are ordered scales, anything else categories. */
enum AxisKind {
    NUMBER,
    TIME,
    CATEGORY;

    private static final Set<String> NUMERIC_TYPES = Set.of("int2", "int4", "int8", "numeric", "float4", "float8");

    private static final Set<String> TIME_TYPES = Set.of("date", "timestamp", "timestamptz");

    /**
     * The kind of a column of PostgreSQL type {@code type}. A type the driver only knows by name (a domain
     * over numeric, say) counts as a number when every value that came back is one.
     */
    static AxisKind of(String type, List<@Nullable Object> values) {
        if (NUMERIC_TYPES.contains(type)) {
            return NUMBER;
        }
        if (TIME_TYPES.contains(type)) {
            return TIME;
        }
        boolean anyNumber = false;
        for (Object value : values) {
            if (value != null && !(value instanceof Number)) {
                return CATEGORY;
            }
            anyNumber |= value != null;
        }
        return anyNumber && !type.equals("text") && !type.equals("varchar") ? NUMBER : CATEGORY;
    }

    /** The plotly axis type, so "2021" as text stays a category and ISO strings become dates. */
    String plotlyType() {
        return switch (this) {
            case NUMBER -> "linear";
            case TIME -> "date";
            case CATEGORY -> "category";
        };
    }
}
