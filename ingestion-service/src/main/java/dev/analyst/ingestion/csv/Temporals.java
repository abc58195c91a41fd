package dev.analyst.ingestion.csv;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Dates and timestamps as people write them: ISO ({@code 2024-01-05}, {@code 2024/01/05}), numeric
 * with the year last ({@code 05/01/2024}, {@code 5.1.2024}, {@code 05-01-2024}), with an English
 * month name ({@code Jan 5, 2024}, {@code 5 January 2024}, {@code 05-Jan-2024}), each optionally
 * followed by a time ({@code 13:45}, {@code 13:45:30.25}) and a UTC offset ({@code Z}, {@code +02:00},
 * {@code +0200}, {@code +02}). Whether a numeric date reads day or month first is decided per column
 * by the caller.
 */
final class Temporals {

    private static final String TIME =
            "(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?(?: ?(Z|[+-]\\d{2}(?::?\\d{2})?))?)?";
    private static final Pattern ISO = Pattern.compile("(\\d{4})([-/])(\\d{1,2})\\2(\\d{1,2})" + TIME);

    private static final Pattern NUMERIC = Pattern.compile("(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4})" + TIME);
    private static final Pattern DAY_NAME =
            Pattern.compile("(\\d{1,2})(?:st|nd|rd|th)?[ -]([A-Za-z]{3,9})\\.?[ -](\\d{4})" + TIME);
    private static final Pattern NAME_DAY =
            Pattern.compile("([A-Za-z]{3,9})\\.? (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})" + TIME);

    /** The widest offset in use on Earth (+14:00, Kiribati); wider ones are not times but typos. */
    private static final int MAX_OFFSET_SECONDS = 14 * 3600;

    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("jan", 1),
            Map.entry("january", 1),
            Map.entry("feb", 2),
            Map.entry("february", 2),
            Map.entry("mar", 3),
            Map.entry("march", 3),
            Map.entry("apr", 4),
            Map.entry("april", 4),
            Map.entry("may", 5),
            Map.entry("jun", 6),
            Map.entry("june", 6),
            Map.entry("jul", 7),
            Map.entry("july", 7),
            Map.entry("aug", 8),
            Map.entry("august", 8),
            Map.entry("sep", 9),
            Map.entry("sept", 9),
            Map.entry("september", 9),
            Map.entry("oct", 10),
            Map.entry("october", 10),
            Map.entry("nov", 11),
            Map.entry("november", 11),
            Map.entry("dec", 12),
            Map.entry("december", 12));

    private Temporals() {}

    /** What kind of value a cell holds. */
    enum Kind {
        DATE,
        TIMESTAMP,
        TIMESTAMPTZ
    }

    /**
     * A date or timestamp read from a cell.
     *
     * @param sql the value in ISO form, as PostgreSQL reads it
     * @param ordered whether it was a numeric date with the year last, whose reading depends on the
     *     column's day or month first
     */
    record Parsed(String sql, Kind kind, boolean ordered) {}

    /**
     * The kind of a strict ISO value PostgreSQL reads as written ({@code 2024-01-05},
     * {@code 2024-01-05 13:45:00.5}, {@code 2024-01-05T13:45Z}, {@code ...+02:00}), or null for
     * anything else (which {@link #parse} may still read). Hand-written: it runs on every cell of the
     * most common date columns, several times faster than the patterns.
     */
    static @Nullable Kind isoKind(CharSequence v) {
        int n = v.length();
        if (n < 10 || v.charAt(4) != '-' || v.charAt(7) != '-') {
            return null;
        }
        int year = digits(v, 0, 4);
        int month = digits(v, 5, 2);
        int day = digits(v, 8, 2);
        if (year <= 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
            return null;
        }
        if (n == 10) {
            return Kind.DATE;
        }
        char t = v.charAt(10);
        if ((t != 'T' && t != ' ') || n < 16 || v.charAt(13) != ':') {
            return null;
        }
        int hour = digits(v, 11, 2);
        int minute = digits(v, 14, 2);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
            return null;
        }
        int i = 16;
        if (i < n && v.charAt(i) == ':') {
            int second = n >= i + 3 ? digits(v, i + 1, 2) : -1;
            if (second < 0 || second > 59) {
                return null;
            }
            i += 3;
            if (i < n && v.charAt(i) == '.') {
                int start = ++i;
                while (i < n && Character.isDigit(v.charAt(i))) {
                    i++;
                }
                if (i == start || i - start > 9) {
                    return null;
                }
            }
        }
        if (i == n) {
            return Kind.TIMESTAMP;
        }
        if (i == n - 1 && v.charAt(i) == 'Z') {
            return Kind.TIMESTAMPTZ;
        }
        char sign = v.charAt(i);
        if (i == n - 6 && (sign == '+' || sign == '-') && v.charAt(i + 3) == ':') {
            int hours = digits(v, i + 1, 2);
            int minutes = digits(v, i + 4, 2);
            int seconds = hours * 3600 + minutes * 60;
            return hours >= 0 && minutes >= 0 && minutes <= 59 && seconds <= MAX_OFFSET_SECONDS
                    ? Kind.TIMESTAMPTZ
                    : null;
        }
        return null;
    }

    private static int digits(CharSequence v, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /**
     * The date or timestamp in a stripped, non-blank cell, or null when it is none (or an impossible
     * date such as 31/02/2024).
     *
     * @param dayFirst how a numeric date with the year last is read
     */
    static @Nullable Parsed parse(String value, boolean dayFirst) {
        if (value.length() < 8 || value.length() > 48) {
            return null;
        }
        char first = value.charAt(0);
        Matcher m;
        if (Character.isDigit(first)) {
            if ((m = ISO.matcher(value)).matches()) {
                return build(m, int4(m.group(1)), int2(m.group(3)), int2(m.group(4)), 5, false);
            }
            if ((m = NUMERIC.matcher(value)).matches()) {
                int a = int2(m.group(1));
                int b = int2(m.group(3));
                return dayFirst ? build(m, int4(m.group(4)), b, a, 5, true) : build(m, int4(m.group(4)), a, b, 5, true);
            }
            if ((m = DAY_NAME.matcher(value)).matches()) {
                var month = MONTHS.get(m.group(2).toLowerCase(Locale.ROOT));
                return month == null ? null : build(m, int4(m.group(3)), month, int2(m.group(1)), 4, false);
            }
            return null;
        }
        if (Character.isLetter(first) && (m = NAME_DAY.matcher(value)).matches()) {
            var month = MONTHS.get(m.group(1).toLowerCase(Locale.ROOT));
            return month == null ? null : build(m, int4(m.group(3)), month, int2(m.group(2)), 4, false);
        }
        return null;
    }

    /** Builds the value from the date's parts and the time groups starting at {@code timeGroup}. */
    private static @Nullable Parsed build(Matcher m, int year, int month, int day, int timeGroup, boolean ordered) {
        if (year == 0) {
            return null;
        }
        try {
            var date = LocalDate.of(year, month, day);
            var hour = m.group(timeGroup);
            if (hour == null) {
                return new Parsed(date.toString(), Kind.DATE, ordered);
            }
            var seconds = m.group(timeGroup + 2);
            var fraction = m.group(timeGroup + 3);
            var time = LocalTime.of(
                    Integer.parseInt(hour), int2(m.group(timeGroup + 1)), seconds == null ? 0 : int2(seconds));
            var text = new StringBuilder(32)
                    .append(date)
                    .append(' ')
                    .append(time.toString(), 0, 5)
                    .append(':')
                    .append(seconds == null ? "00" : seconds);
            if (fraction != null) {
                text.append('.').append(fraction);
            }
            var offset = m.group(timeGroup + 4);
            if (offset == null) {
                return new Parsed(text.toString(), Kind.TIMESTAMP, ordered);
            }
            var zone =
                    ZoneOffset.of(offset.length() == 5 ? offset.substring(0, 3) + ":" + offset.substring(3) : offset);
            if (Math.abs(zone.getTotalSeconds()) > MAX_OFFSET_SECONDS) {
                return null;
            }
            text.append(zone.getId());
            return new Parsed(text.toString(), Kind.TIMESTAMPTZ, ordered);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int int2(String digits) {
        return Integer.parseInt(digits);
    }

    private static int int4(String digits) {
        return Integer.parseInt(digits);
    }
}
