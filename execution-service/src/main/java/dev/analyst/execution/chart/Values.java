package dev.analyst.execution.chart;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Result values (Long, BigDecimal, Double, Boolean, ISO date strings, text) as a figure needs them. */
final class Values {

    /** What a missing category is called, so its rows still show up. */
    static final String NONE = "(none)";

    private Values() {}

    /** The value as an exact decimal, or null when it is not a finite number. */
    static @Nullable BigDecimal decimal(@Nullable Object value) {
        return switch (value) {
            case Long l -> BigDecimal.valueOf(l);
            case BigDecimal d -> d;
            case Double d when Double.isFinite(d) -> BigDecimal.valueOf(d);
            case Number n when Double.isFinite(n.doubleValue()) -> new BigDecimal(n.toString());
            case null, default -> null;
        };
    }

    /**
     * A number for the figure's JSON: whole numbers as Long, others as the nearest double, which prints
     * as the shortest decimal that reads back the same (0.1 + 0.2 summed exactly shows as 0.3).
     */
    static @Nullable Number plotted(@Nullable Object value) {
        BigDecimal decimal = decimal(value);
        if (decimal == null) {
            return null;
        }
        if (decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0) {
            try {
                return decimal.longValueExact();
            } catch (ArithmeticException tooLarge) {
                return decimal.doubleValue();
            }
        }
        return decimal.doubleValue();
    }

    /**
     * A value on an axis of {@code kind}: a category's text ("(none)" for null), a number, an ISO time;
     * null when the row has no place on an ordered axis.
     */
    static @Nullable Object onAxis(@Nullable Object value, AxisKind kind) {
        return switch (kind) {
            case CATEGORY -> value == null ? NONE : value.toString();
            case NUMBER -> plotted(value);
            case TIME -> value == null ? null : value.toString();
        };
    }

    /** The order of values on an axis: numbers by size, times chronologically, categories as they came. */
    static Comparator<Object> order(AxisKind kind) {
        return switch (kind) {
            case NUMBER -> Comparator.comparing(Values::decimal, Comparator.nullsLast(Comparator.naturalOrder()));
            case TIME ->
                Comparator.comparing(Values::instant, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(Object::toString);
            case CATEGORY -> (a, b) -> 0;
        };
    }

    /**
     * The instant an ISO date or timestamp stands for (a date or a local timestamp read as UTC), so dates
     * sort by time and not by text, which differs once offsets do.
     */
    static @Nullable Instant instant(Object value) {
        String text = value.toString();
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d(:?\\d\\d)?$")) {
                return OffsetDateTime.parse(text).toInstant();
            }
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // 'infinity' and other values PostgreSQL allows: after every real time.
            return null;
        }
    }

    /** A count as people read it: 20,640. */
    static String count(long n) {
        return String.format(Locale.US, "%,d", n);
    }
}
