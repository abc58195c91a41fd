package dev.analyst.ingestion.csv;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Infers a column's type from every value it holds: the narrowest type all of them parse as, so the
 * load can never fail on a value the first pass accepted. Blank cells are nulls and do not vote;
 * yes/no and true/false stay text.
 */
public final class TypeInference {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][+-]?\\d+)?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?");
    private static final Pattern TIMESTAMP_WITH_OFFSET =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})");

    private boolean integers = true;
    private boolean decimals = true;
    private boolean exponents;
    private boolean dates = true;
    private boolean localTimestamps = true;
    private boolean offsetTimestamps = true;
    private long values;
    private long nulls;

    /** Whether a cell counts as null: empty or only whitespace. */
    public static boolean isNull(@Nullable String cell) {
        return cell == null || cell.isBlank();
    }

    public void accept(@Nullable String cell) {
        if (isNull(cell)) {
            nulls++;
            return;
        }
        values++;
        var value = cell.strip();
        if (integers && !isInteger(value)) {
            integers = false;
        }
        if (decimals && !integers) {
            if (isDecimal(value)) {
                exponents |= value.indexOf('e') >= 0 || value.indexOf('E') >= 0;
            } else {
                decimals = false;
            }
        }
        if (dates && !isDate(value)) {
            dates = false;
        }
        if (localTimestamps && !isDate(value) && !isLocalTimestamp(value)) {
            localTimestamps = false;
        }
        if (offsetTimestamps && !isOffsetTimestamp(value)) {
            offsetTimestamps = false;
        }
    }

    /** Counts {@code count} nulls at once: the rows before a column first appeared (JSON Lines). */
    public void acceptNulls(long count) {
        nulls += count;
    }

    public ColumnType type() {
        if (values == 0) {
            return ColumnType.TEXT;
        }
        if (integers) {
            return ColumnType.BIGINT;
        }
        if (decimals) {
            // Plain decimals stay exact; scientific notation is measurement data, where double fits.
            return exponents ? ColumnType.DOUBLE : ColumnType.NUMERIC;
        }
        if (dates) {
            return ColumnType.DATE;
        }
        if (localTimestamps) {
            return ColumnType.TIMESTAMP;
        }
        if (offsetTimestamps) {
            return ColumnType.TIMESTAMPTZ;
        }
        return ColumnType.TEXT;
    }

    /** Whether the column held a blank cell. */
    public boolean sawNull() {
        return nulls > 0;
    }

    /** A whole number in bigint range, without the leading zeros of codes such as zip codes. */
    static boolean isInteger(String value) {
        if (!INTEGER.matcher(value).matches() || hasLeadingZero(value)) {
            return false;
        }
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A number with a fractional part or exponent (or an integer too large for bigint), finite. */
    static boolean isDecimal(String value) {
        if (!DECIMAL.matcher(value).matches() || hasLeadingZero(value)) {
            return false;
        }
        return Double.isFinite(Double.parseDouble(value));
    }

    static boolean isDate(String value) {
        if (!DATE.matcher(value).matches() || value.startsWith("0000")) {
            return false;
        }
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static boolean isLocalTimestamp(String value) {
        if (!TIMESTAMP.matcher(value).matches() || value.startsWith("0000")) {
            return false;
        }
        try {
            LocalDateTime.parse(value.replace(' ', 'T'));
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static boolean isOffsetTimestamp(String value) {
        if (!TIMESTAMP_WITH_OFFSET.matcher(value).matches() || value.startsWith("0000")) {
            return false;
        }
        try {
            OffsetDateTime.parse(value.replace(' ', 'T'));
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** "007" or "-012.5": a code, not a quantity, so kept as text. */
    private static boolean hasLeadingZero(String value) {
        int start = value.charAt(0) == '+' || value.charAt(0) == '-' ? 1 : 0;
        return value.length() > start + 1 && value.charAt(start) == '0' && Character.isDigit(value.charAt(start + 1));
    }
}
