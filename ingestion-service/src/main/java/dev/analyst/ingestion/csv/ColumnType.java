package dev.analyst.ingestion.csv;

/** The PostgreSQL types a column of a file can be loaded as. */
public enum ColumnType {
    BIGINT("bigint"),
    NUMERIC("numeric"),
    DOUBLE("double precision"),
    DATE("date"),
    TIMESTAMP("timestamp"),
    TIMESTAMPTZ("timestamp with time zone"),
    TEXT("text");

    private final String sql;

    ColumnType(String sql) {
        this.sql = sql;
    }

    /** The type name as written in DDL and reported to the planner. */
    public String sql() {
        return sql;
    }
}
