package dev.analyst.ingestion.profile;

/**
 * A column to profile: its SQL identifier and PostgreSQL type name, as {@code ColumnSchema} has them.
 */
public record ProfiledColumn(String name, String type) {

    /** What a column's profile can say, decided by its type. */
    enum Kind {
        NUMERIC,
        INTEGER,
        TEMPORAL,
        BOOLEAN,
        TEXT,
        OTHER
    }

    Kind kind() {
        return switch (type) {
            case "smallint", "integer", "bigint" -> Kind.INTEGER;
            case "numeric", "real", "double precision" -> Kind.NUMERIC;
            case "date", "timestamp", "timestamp without time zone", "timestamp with time zone" -> Kind.TEMPORAL;
            case "boolean" -> Kind.BOOLEAN;
            case "text", "character varying", "varchar", "character", "char" -> Kind.TEXT;
            default -> type.startsWith("numeric(") ? Kind.NUMERIC : Kind.OTHER;
        };
    }

    boolean numeric() {
        return kind() == Kind.NUMERIC || kind() == Kind.INTEGER;
    }
}
