package dev.analyst.execution.query;

import dev.analyst.contracts.step.StepError;
import io.r2dbc.spi.R2dbcException;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps PostgreSQL SQLSTATEs to step error classes. Beyond the named codes, the rest of class 42 (syntax
 * error or access rule violation, such as a missing GROUP BY column) counts as {@code SYNTAX} and class 22
 * (data exception, such as division by zero) as {@code TYPE_MISMATCH}, so the agent knows rewriting the
 * SQL can help; a write refused by the read-only transaction counts as {@code REJECTED}.
 */
final class SqlStates {

    private static final Map<String, StepError> BY_STATE = Map.ofEntries(
            Map.entry("42601", StepError.SYNTAX),
            Map.entry("42P01", StepError.UNKNOWN_OBJECT),
            Map.entry("42703", StepError.UNKNOWN_OBJECT),
            Map.entry("42883", StepError.UNKNOWN_OBJECT),
            Map.entry("3F000", StepError.UNKNOWN_OBJECT),
            Map.entry("42804", StepError.TYPE_MISMATCH),
            Map.entry("22P02", StepError.TYPE_MISMATCH),
            Map.entry("42846", StepError.TYPE_MISMATCH),
            Map.entry("57014", StepError.TIMEOUT),
            Map.entry("42501", StepError.PERMISSION),
            Map.entry("25006", StepError.REJECTED));

    private SqlStates() {}

    static StepError classify(@Nullable String sqlState) {
        if (sqlState == null) {
            return StepError.INTERNAL;
        }
        StepError known = BY_STATE.get(sqlState);
        if (known != null) {
            return known;
        }
        if (sqlState.startsWith("42")) {
            return StepError.SYNTAX;
        }
        if (sqlState.startsWith("22")) {
            return StepError.TYPE_MISMATCH;
        }
        return StepError.INTERNAL;
    }

    /**
     * The failure as the user may see it: PostgreSQL's own message for errors in the query, and a generic
     * one otherwise, since connection and server errors can name hosts, users and settings.
     */
    static QueryFailed toQueryFailed(R2dbcException exception, Duration statementTimeout) {
        StepError error = classify(exception.getSqlState());
        return switch (error) {
            case TIMEOUT ->
                new QueryFailed(
                        error,
                        "The query ran longer than the statement timeout (" + statementTimeout.toMillis()
                                + " ms) and was cancelled.");
            case INTERNAL ->
                new QueryFailed(
                        error,
                        "The database could not run the query"
                                + (exception.getSqlState() == null
                                        ? "."
                                        : " (SQLSTATE " + exception.getSqlState() + ")."));
            default -> new QueryFailed(error, userMessage(exception));
        };
    }

    private static String userMessage(R2dbcException exception) {
        String message = exception.getMessage();
        if (message == null || message.isBlank()) {
            return "The database refused the query (SQLSTATE " + exception.getSqlState() + ").";
        }
        String firstLine = message.lines().findFirst().orElse(message).strip();
        return firstLine.length() > 500 ? firstLine.substring(0, 500) + "…" : firstLine;
    }
}
