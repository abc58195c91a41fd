package dev.analyst.ingestion.csv;

import dev.analyst.contracts.SqlReservedWords;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns arbitrary headers and names into safe, unique PostgreSQL identifiers: lower snake case of
 * {@code [a-z0-9_]}, never starting with a digit, at most 63 characters, never a reserved word. A
 * header is data, not SQL: whatever it says, the identifier derived from it is inert.
 */
public final class Identifiers {

    /** PostgreSQL truncates longer identifiers silently (NAMEDATALEN - 1). */
    public static final int MAX_LENGTH = 63;

    private Identifiers() {}

    /**
     * A safe identifier for {@code raw}, or {@code fallback} (itself assumed safe) when nothing
     * usable is left of it.
     */
    public static String sanitize(String raw, String fallback) {
        var name = Normalizer.normalize(raw, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        // camelCase and PascalCase headers become snake_case words rather than one long word.
        name = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2");
        name = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        name = trimUnderscores(name);
        if (name.isEmpty()) {
            name = fallback;
        }
        if (Character.isDigit(name.charAt(0))) {
            name = "col_" + name;
        }
        name = trimUnderscores(truncate(name, MAX_LENGTH));
        if (SqlReservedWords.contains(name)) {
            name = name + "_";
        }
        return name;
    }

    /** Safe identifiers for a header row, unique in the row; a blank header becomes {@code column_<n>}. */
    public static List<String> columnNames(List<String> headers) {
        var taken = new HashSet<String>();
        var names = new ArrayList<String>(headers.size());
        for (int i = 0; i < headers.size(); i++) {
            var name = unique(sanitize(headers.get(i), "column_" + (i + 1)), taken);
            taken.add(name);
            names.add(name);
        }
        return names;
    }

    /** {@code base}, or {@code base_2}, {@code base_3}... whichever is not taken yet. */
    public static String unique(String base, Set<String> taken) {
        if (!taken.contains(base)) {
            return base;
        }
        for (int n = 2; ; n++) {
            var suffix = "_" + n;
            var candidate = trimUnderscores(truncate(base, MAX_LENGTH - suffix.length())) + suffix;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }

    /** A double-quoted identifier, for SQL built from names this class produced or a catalog returned. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String truncate(String name, int length) {
        return name.length() <= length ? name : name.substring(0, length);
    }

    private static String trimUnderscores(String name) {
        int start = 0;
        int end = name.length();
        while (start < end && name.charAt(start) == '_') {
            start++;
        }
        while (end > start && name.charAt(end - 1) == '_') {
            end--;
        }
        return name.substring(start, end);
    }
}
