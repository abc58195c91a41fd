package dev.analyst.execution.query;

import dev.analyst.contracts.step.StepError;
import dev.analyst.execution.ExecutionProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.Connection;
import java.text.NumberFormat;
import java.util.Locale;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks PostgreSQL's planner what a query would cost before running it, and refuses one above the
 * configured maximum with the estimate, so a question that would scan far more than it needs is sent
 * back to the user instead of occupying the database until the timeout.
 */
@Component
class CostGate {

    private final double maximum;

    private final JsonMapper mapper;

    private final Counter refused;

    CostGate(ExecutionProperties properties, JsonMapper mapper, MeterRegistry meters) {
        this.maximum = properties.cost().maximum();
        this.mapper = mapper;
        this.refused = Counter.builder("analyst.execution.cost.refused")
                .description("Queries refused because the planner estimated them above the cost limit")
                .register(meters);
    }

    /** Completes when the query may run; errors with {@link StepError#TOO_EXPENSIVE} when it may not. */
    Mono<Void> check(Connection connection, String sql) {
        // The SQL was validated as one read-only query, so prefixing it yields one EXPLAIN statement.
        return Flux.defer(() -> connection
                        .createStatement("EXPLAIN (FORMAT JSON) " + sql)
                        .execute())
                .concatMap(result -> result.map((row, metadata) -> String.valueOf(row.get(0, String.class))))
                .collect(StringBuilder::new, StringBuilder::append)
                .map(plan -> estimate(plan.toString()))
                .flatMap(estimate -> {
                    if (estimate.cost() <= maximum) {
                        return Mono.empty();
                    }
                    refused.increment();
                    return Mono.error(new QueryFailed(StepError.TOO_EXPENSIVE, refusal(estimate)));
                });
    }

    private Estimate estimate(String explained) {
        JsonNode plan = mapper.readTree(explained).path(0).path("Plan");
        return new Estimate(
                plan.path("Total Cost").asDouble(), plan.path("Plan Rows").asDouble());
    }

    private String refusal(Estimate estimate) {
        var numbers = NumberFormat.getIntegerInstance(Locale.ENGLISH);
        return "The database estimates this query at a cost of " + numbers.format(estimate.cost())
                + " (about " + numbers.format(estimate.rows()) + (estimate.rows() == 1 ? " result row" : " result rows")
                + "), above the limit of "
                + numbers.format(maximum)
                + ". Narrow the question (a filter, a shorter period, fewer tables), or ask an administrator"
                + " to raise the limit.";
    }

    /** The planner's total cost (in its units) and the rows it expects the query to return. */
    record Estimate(double cost, double rows) {}
}
