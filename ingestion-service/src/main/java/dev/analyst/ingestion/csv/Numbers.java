package dev.analyst.ingestion.csv;

import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Numbers as people write them: grouped ({@code 1,234,567} or {@code 1.234.567,89}), with a currency
 * symbol or code before or after ({@code $12}, {@code 12 €}, {@code EUR 12}), negative in
 * parentheses ({@code (12.50)}) or with a sign, or a percentage ({@code 12.5%}, read as 12.5).
 * Whether {@code .} or {@code ,} is the decimal point is decided per column by the caller.
 */
final class Numbers {

    /** Currency markers, longest first so {@code USD} is not read as a stray letter. */
    private static final List<String> CURRENCIES = List.of("USD", "EUR", "GBP", "JPY", "$", "€", "£", "¥");

    private static final Pattern PLAIN = Pattern.compile("(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern GROUPED_POINT = Pattern.compile("\\d{1,3}(,\\d{3})+(\\.\\d*)?");
    private static final Pattern COMMA_DECIMAL = Pattern.compile("\\d+,\\d+");
    private static final Pattern GROUPED_COMMA = Pattern.compile("\\d{1,3}(\\.\\d{3})+(,\\d*)?");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private Numbers() {}

    /**
     * A number read from a cell.
     *
     * @param number the value as PostgreSQL reads it ({@code -1234.5}, {@code 1.5e3})
     * @param currency the currency marker the cell carried, or null
     * @param percent whether it carried a percent sign
     * @param plain whether the cell was already written that way (no conversion needed)
     */
    record Parsed(String number, @Nullable String currency, boolean percent, boolean plain) {

        boolean exponent() {
            return number.indexOf('e') >= 0 || number.indexOf('E') >= 0;
        }

        boolean fraction() {
            return number.indexOf('.') >= 0;
        }
    }

    /**
     * The number in a stripped, non-blank cell, or null when it is none under the convention.
     *
     * @param decimalComma whether {@code ,} is the decimal point (and {@code .} groups thousands)
     */
    static @Nullable Parsed parse(String value, boolean decimalComma) {
        var s = value;
        boolean negative = false;
        if (s.length() > 2 && s.charAt(0) == '(' && s.charAt(s.length() - 1) == ')') {
            negative = true;
            s = s.substring(1, s.length() - 1).strip();
        }
        boolean percent = false;
        if (!s.isEmpty() && s.charAt(s.length() - 1) == '%') {
            percent = true;
            s = s.substring(0, s.length() - 1).strip();
        }
        String currency = null;
        char sign = 0;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            sign = s.charAt(0);
            s = s.substring(1).strip();
        }
        for (var marker : CURRENCIES) {
            if (s.startsWith(marker)) {
                currency = marker;
                s = s.substring(marker.length()).strip();
                break;
            }
            if (s.endsWith(marker)) {
                currency = marker;
                s = s.substring(0, s.length() - marker.length()).strip();
                break;
            }
        }
        if (sign == 0 && !s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            sign = s.charAt(0); // "$-12.50"
            s = s.substring(1);
        }
        if (s.isEmpty() || (percent && currency != null) || (negative && sign != 0)) {
            return null;
        }
        boolean decorated = negative || percent || currency != null;
        String digits;
        if (!decimalComma && PLAIN.matcher(s).matches()) {
            if (decorated && (s.indexOf('e') >= 0 || s.indexOf('E') >= 0)) {
                return null;
            }
            digits = s;
        } else if (!decimalComma && GROUPED_POINT.matcher(s).matches()) {
            digits = s.replace(",", "");
        } else if (decimalComma && DIGITS.matcher(s).matches()) {
            digits = s;
        } else if (decimalComma && COMMA_DECIMAL.matcher(s).matches()) {
            digits = s.replace(',', '.');
        } else if (decimalComma && GROUPED_COMMA.matcher(s).matches()) {
            digits = s.replace(".", "").replace(',', '.');
        } else {
            return null;
        }
        if (digits.endsWith(".")) {
            digits = digits.substring(0, digits.length() - 1);
        }
        if (digits.startsWith(".")) {
            digits = "0" + digits;
        }
        // "007": a code, not a quantity.
        if (digits.length() > 1 && digits.charAt(0) == '0' && Character.isDigit(digits.charAt(1))) {
            return null;
        }
        if (digits.indexOf('e') >= 0 || digits.indexOf('E') >= 0) {
            if (!Double.isFinite(Double.parseDouble(digits))) {
                return null;
            }
        }
        var number = (negative || sign == '-' ? "-" : "") + digits;
        boolean plain = !decorated && number.equals(value);
        return new Parsed(number, currency, percent, plain);
    }

    /** Whether a number {@link #parse} returned fits bigint (no fraction, no exponent, in range). */
    static boolean fitsBigint(Parsed parsed) {
        if (parsed.fraction() || parsed.exponent()) {
            return false;
        }
        try {
            Long.parseLong(parsed.number());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
