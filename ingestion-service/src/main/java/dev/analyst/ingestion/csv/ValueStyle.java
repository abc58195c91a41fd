package dev.analyst.ingestion.csv;

/**
 * How the cells of a column are written to COPY: decided per column by its {@link TypeInference},
 * so every cell of a column is converted the same way.
 */
public enum ValueStyle {
    /** Text: exactly as uploaded. */
    VERBATIM,
    /** A typed value PostgreSQL reads as written (plain numbers, ISO dates): only trimmed. */
    TRIMMED,
    /** Numbers with {@code .} as the decimal point and {@code ,} grouping, currency or percent signs. */
    NUMBER_DECIMAL_POINT,
    /** Numbers with {@code ,} as the decimal point and {@code .} grouping ({@code 1.234,50 €}). */
    NUMBER_DECIMAL_COMMA,
    /** Dates and timestamps in any accepted format; numeric dates read day first ({@code 05/01/2024}). */
    DATE_DAY_FIRST,
    /** Dates and timestamps in any accepted format; numeric dates read month first ({@code 01/05/2024}). */
    DATE_MONTH_FIRST;

    /**
     * The value as PostgreSQL reads it for the column's type. Only called with values the column's inference
     * accepted for this style, so it never returns null for them.
     */
    public String convert(String cell) {
        return switch (this) {
            case VERBATIM -> cell;
            case TRIMMED -> cell.strip();
            case NUMBER_DECIMAL_POINT -> orThrow(Numbers.parse(cell.strip(), false), cell);
            case NUMBER_DECIMAL_COMMA -> orThrow(Numbers.parse(cell.strip(), true), cell);
            case DATE_DAY_FIRST -> orThrow(Temporals.parse(cell.strip(), true), cell);
            case DATE_MONTH_FIRST -> orThrow(Temporals.parse(cell.strip(), false), cell);
        };
    }

    private static String orThrow(Numbers.@org.jspecify.annotations.Nullable Parsed parsed, String cell) {
        if (parsed == null) {
            throw new IllegalStateException("The inference accepted a number it cannot convert: " + cell);
        }
        return parsed.number();
    }

    private static String orThrow(Temporals.@org.jspecify.annotations.Nullable Parsed parsed, String cell) {
        if (parsed == null) {
            throw new IllegalStateException("The inference accepted a date it cannot convert: " + cell);
        }
        return parsed.sql();
    }
}
