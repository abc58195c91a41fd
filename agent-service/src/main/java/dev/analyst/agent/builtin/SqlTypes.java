package dev.analyst.agent.builtin;

import java.util.Locale;
import java.util.Set;

/**
 * What a PostgreSQL type name says about its values, for catalog columns (which ingestion names
 * {@code bigint}, {@code double precision}) and result columns alike (which the driver names
 * {@code int8}, {@code float8}).
 */
final class SqlTypes {

    private static final Set<String> NUMERIC = Set.of(
            "smallint",
            "integer",
            "int",
            "int2",
            "int4",
            "int8",
            "bigint",
            "numeric",
            "decimal",
            "real",
            "double precision",
            "float4",
            "float8");
    private static final Set<String> CALENDAR =
            Set.of("date", "timestamp", "timestamptz", "timestamp without time zone", "timestamp with time zone");

    private SqlTypes() {}

    static boolean isNumeric(String type) {
        return NUMERIC.contains(base(type));
    }

    /** Dates and timestamps: values a calendar year or month can be taken from. */
    static boolean isCalendar(String type) {
        return CALENDAR.contains(base(type));
    }

    /** The type without its modifiers: {@code numeric(10,2)} is numeric, {@code timestamp(3)} timestamp. */
    private static String base(String type) {
        return type.toLowerCase(Locale.ROOT).replaceAll("\\s*\\([^)]*\\)", "").strip();
    }

    /** Calendar values and times of day: what belongs on a time axis. */
    static boolean isTemporal(String type) {
        return isCalendar(type) || base(type).equals("time") || base(type).equals("time without time zone");
    }

    /** The first letter upper case, for a label that starts a sentence or a title. */
    static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
