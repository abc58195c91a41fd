package dev.analyst.analytics.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;

/** Filters as SQL text with named placeholders; values only ever travel as bind parameters. */
final class Where {

    private final List<String> conditions = new ArrayList<>();
    final Map<String, Object> parameters = new LinkedHashMap<>();

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
