package dev.analyst.ingestion.csv;

import org.jspecify.annotations.Nullable;

/**
 * Infers a column's type from every value it holds: the narrowest type all of them parse as, so the
 * load can never fail on a value it accepted. Blank cells are nulls and do not vote;
 * yes/no and true/false stay text (the words people wrote are what they ask about).
 *
 * <p>Conventions are decided per column, never per cell: whether {@code .} or {@code ,} is the
 * decimal point (both possible: the decimal point, as in {@code 1.234} = 1.234), and whether a numeric
 * date reads day or month first (a part over 12 decides; both possible: day first, as in most of the
 * world and in ISO's day-month-year order of precision). A value that fits none of what the column's
 * earlier values allowed makes the whole column text; other columns are unaffected.
 */
public final class TypeInference {

    // Number conventions still possible, and what the values were under each.
    private boolean decimalPoint = true;
    private boolean decimalComma = true;
    private boolean pointIntegers = true;
    private boolean commaIntegers = true;
    private boolean pointPlain = true;
    private boolean exponents;
    private @Nullable String currency;
    private boolean percent;

    // Date orders still possible, and the kinds of values seen.
    private boolean dayFirst = true;
    private boolean monthFirst = true;
    private boolean temporalPlain = true;
    private boolean sawDate;
    private boolean sawTimestamp;
    private boolean sawOffset;

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
        boolean numbers = decimalPoint || decimalComma;
        boolean temporals = dayFirst || monthFirst;
        if (!numbers && !temporals) {
            return; // text already: the common case of a text column costs nothing more
        }
        var value = cell.strip();
        if (numbers) {
            if (isPlainInteger(value)) {
                // Valid and the same under both conventions.
            } else if (!decimalComma && isPlainDecimal(value)) {
                pointIntegers = false; // "123.45", the common case once the convention is settled
            } else {
                acceptNumber(value);
            }
        }
        if (temporals) {
            acceptTemporal(value);
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
        if (decimalPoint) {
            return pointIntegers ? ColumnType.BIGINT : exponents ? ColumnType.DOUBLE : ColumnType.NUMERIC;
        }
        if (decimalComma) {
            return commaIntegers ? ColumnType.BIGINT : ColumnType.NUMERIC;
        }
        if (dayFirst || monthFirst) {
            if (sawOffset) {
                return sawDate || sawTimestamp ? ColumnType.TEXT : ColumnType.TIMESTAMPTZ;
            }
            return sawTimestamp ? ColumnType.TIMESTAMP : ColumnType.DATE;
        }
        return ColumnType.TEXT;
    }

    /** How the column's cells are written to COPY for {@link #type()}. */
    public ValueStyle style() {
        return style(type());
    }

    /** {@link #style()}, for the type this inference just returned. */
    ValueStyle style(ColumnType type) {
        if (type == ColumnType.TEXT) {
            return ValueStyle.VERBATIM;
        }
        if (decimalPoint) {
            return pointPlain ? ValueStyle.TRIMMED : ValueStyle.NUMBER_DECIMAL_POINT;
        }
        if (decimalComma) {
            return ValueStyle.NUMBER_DECIMAL_COMMA;
        }
        if (temporalPlain) {
            return ValueStyle.TRIMMED;
        }
        return dayFirst ? ValueStyle.DATE_DAY_FIRST : ValueStyle.DATE_MONTH_FIRST;
    }

    /**
     * The unit the values carried, for the column's label: {@code %} for percentages, the currency
     * marker when there was exactly one; null for other types and plain numbers.
     */
    public @Nullable String unit() {
        var type = type();
        if (type != ColumnType.BIGINT && type != ColumnType.NUMERIC && type != ColumnType.DOUBLE) {
            return null;
        }
        return percent ? "%" : currency;
    }

    /** Whether the column held a value (a cell that is not blank). */
    public boolean sawValue() {
        return values > 0;
    }

    /** Whether the column held a blank cell. */
    public boolean sawNull() {
        return nulls > 0;
    }

    private void acceptNumber(String value) {
        Numbers.Parsed seen = null;
        if (decimalPoint) {
            var parsed = Numbers.parse(value, false);
            if (parsed == null || !sameUnit(parsed)) {
                decimalPoint = false;
            } else {
                pointIntegers &= Numbers.fitsBigint(parsed);
                pointPlain &= parsed.plain();
                exponents |= parsed.exponent();
                seen = parsed;
            }
        }
        if (decimalComma) {
            var parsed = Numbers.parse(value, true);
            if (parsed == null || !sameUnit(parsed)) {
                decimalComma = false;
            } else {
                commaIntegers &= Numbers.fitsBigint(parsed);
                seen = seen == null ? parsed : seen;
            }
        }
        if (seen != null) {
            currency = seen.currency() != null ? seen.currency() : currency;
            percent |= seen.percent();
        }
    }

    /** One currency per column: amounts in different currencies do not add up. */
    private boolean sameUnit(Numbers.Parsed parsed) {
        return parsed.currency() == null || currency == null || currency.equals(parsed.currency());
    }

    private void acceptTemporal(String value) {
        var iso = Temporals.isoKind(value);
        if (iso != null) {
            // Strict ISO: the same under both orders, and written to COPY as uploaded.
            see(iso);
            return;
        }
        temporalPlain = false;
        Temporals.Parsed parsed = null;
        if (dayFirst) {
            parsed = Temporals.parse(value, true);
            if (parsed == null) {
                dayFirst = false;
            }
        }
        // Only numeric dates read differently month first; ISO and month names need one parse.
        if (monthFirst && (parsed == null || parsed.ordered())) {
            var other = Temporals.parse(value, false);
            if (other == null) {
                monthFirst = false;
            } else if (parsed == null) {
                parsed = other;
            }
        }
        if (parsed != null && (dayFirst || monthFirst)) {
            see(parsed.kind());
        }
    }

    private void see(Temporals.Kind kind) {
        switch (kind) {
            case DATE -> sawDate = true;
            case TIMESTAMP -> sawTimestamp = true;
            case TIMESTAMPTZ -> sawOffset = true;
        }
    }

    /**
     * "-123.45": digits, a point, digits; an optional minus; no leading zero before the point. Takes a
     * {@link CharSequence} so a load can check bytes in place, without a string per cell.
     */
    static boolean isPlainDecimal(CharSequence value) {
        int n = value.length();
        int start = n > 0 && value.charAt(0) == '-' ? 1 : 0;
        int point = -1;
        for (int i = start; i < n; i++) {
            char c = value.charAt(i);
            if (c == '.' && point < 0) {
                point = i;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return point > start && point < n - 1 && (point - start == 1 || value.charAt(start) != '0');
    }

    /** "-123": digits with an optional minus, no leading zero, surely in bigint range. */
    static boolean isPlainInteger(CharSequence value) {
        int n = value.length();
        int start = n > 0 && value.charAt(0) == '-' ? 1 : 0;
        int length = n - start;
        if (length < 1 || length > 18 || (length > 1 && value.charAt(start) == '0')) {
            return false;
        }
        for (int i = start; i < n; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
