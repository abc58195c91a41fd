package dev.analyst.analytics.ledger;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the cost report groups by, with the rollup column it reads; days are listed in order, the rest by cost. */
enum CostGrouping {
    DAY("day::text", "1"),
    MODEL("model", "cost_micros DESC, 1"),
    PROVIDER("provider", "cost_micros DESC, 1"),
    USER("user_id", "cost_micros DESC, 1"),
    TENANT("tenant_id", "cost_micros DESC, 1");

    private final String column;
    private final String orderBy;

    CostGrouping(String column, String orderBy) {
        this.column = column;
        this.orderBy = orderBy;
    }

    String column() {
        return column;
    }

    String orderBy() {
        return orderBy;
    }

    /** The grouping named in a request, ignoring case; a 400 problem for any other name. */
    static CostGrouping named(String name) {
        return Arrays.stream(values())
                .filter(grouping -> grouping.name().equalsIgnoreCase(name.strip()))
                .findFirst()
                .orElseThrow(() -> new InvalidParameter(
                        "groupBy",
                        "'" + name + "' is not a grouping; use one of "
                                + Arrays.stream(values())
                                        .map(grouping -> grouping.name().toLowerCase(Locale.ROOT))
                                        .collect(Collectors.joining(", "))
                                + "."));
    }
}
