package dev.analyst.analytics.ledger;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;

/** Filters as SQL text with named placeholders; values only ever travel as bind parameters. */
final class Where {

    private final List<String> conditions = new ArrayList<>();
    final Map<String, Object> parameters = new LinkedHashMap<>();

    /** Rollup rows of the UTC days from {@code from} to {@code to} inclusive, of one tenant or all. */
    static Where days(LocalDate from, LocalDate to, @Nullable String tenantId) {
        var where = new Where();
        where.add("day BETWEEN :from AND :to", "from", from);
        where.parameters.put("to", to);
        if (tenantId != null) {
            where.add("tenant_id = :tenantId", "tenantId", tenantId);
        }
        return where;
    }

    void add(String condition, String name, Object value) {
        conditions.add(condition);
        parameters.put(name, value);
    }

    String clause() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    DatabaseClient.GenericExecuteSpec bindTo(DatabaseClient.GenericExecuteSpec spec) {
        var bound = spec;
        for (var parameter : parameters.entrySet()) {
            bound = bound.bind(parameter.getKey(), parameter.getValue());
        }
        return bound;
    }
}
