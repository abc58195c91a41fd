package dev.analyst.execution.sql;

/**
 * SQL the validator accepted.
 *
 * @param sql the text to run, exactly as it was validated
 * @param normalised the same query with whitespace and comments outside literals collapsed, for cache keys
 */
public record ValidatedSql(String sql, String normalised) {}
