package dev.analyst.launcher;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Whether an answer's result table is the correct one, by the rules of {@code shared/eval/README.md}:
 * the same number of rows; each expected column matched by a distinct column of the answer (extra
 * columns, column order and names do not matter); numbers equal within a relative 1e-6 (or absolute
 * 1e-9), text exactly, null with null; rows as a multiset, or in order when order is part of the answer.
 */
final class AnswerJudge {

    private AnswerJudge() {}

    static boolean correct(
            List<List<@Nullable Object>> expected, List<List<@Nullable Object>> actual, boolean ordered) {
        if (expected.size() != actual.size()) {
            return false;
        }
        if (expected.isEmpty()) {
            return true;
        }
        int expectedColumns = expected.getFirst().size();
        int actualColumns = actual.getFirst().size();
        if (actualColumns < expectedColumns) {
            return false;
        }
        return mappings(expectedColumns, actualColumns).stream()
                .anyMatch(mapping -> matches(expected, project(actual, mapping), ordered));
    }

    /** Every way to give each expected column its own column of the answer. */
    private static List<int[]> mappings(int expectedColumns, int actualColumns) {
        var all = new ArrayList<int[]>();
        extend(new int[expectedColumns], 0, new boolean[actualColumns], all);
        return all;
    }

    private static void extend(int[] mapping, int position, boolean[] used, List<int[]> all) {
        if (position == mapping.length) {
            all.add(mapping.clone());
            return;
        }
        for (int column = 0; column < used.length; column++) {
            if (!used[column]) {
                used[column] = true;
                mapping[position] = column;
                extend(mapping, position + 1, used, all);
                used[column] = false;
            }
        }
    }

    private static List<List<@Nullable Object>> project(List<List<@Nullable Object>> rows, int[] mapping) {
        var projected = new ArrayList<List<@Nullable Object>>(rows.size());
        for (var row : rows) {
            var cells = new ArrayList<@Nullable Object>(mapping.length);
            for (int column : mapping) {
                cells.add(column < row.size() ? row.get(column) : null);
            }
            projected.add(cells);
        }
        return projected;
    }

    private static boolean matches(
            List<List<@Nullable Object>> expected, List<List<@Nullable Object>> actual, boolean ordered) {
        if (ordered) {
            for (int i = 0; i < expected.size(); i++) {
                if (!rowEquals(expected.get(i), actual.get(i))) {
                    return false;
                }
            }
            return true;
        }
        var unused = new ArrayList<>(actual);
        for (var row : expected) {
            var match = unused.stream()
                    .filter(candidate -> rowEquals(row, candidate))
                    .findFirst();
            if (match.isEmpty()) {
                return false;
            }
            unused.remove(match.get());
        }
        return true;
    }

    private static boolean rowEquals(List<@Nullable Object> expected, List<@Nullable Object> actual) {
        for (int i = 0; i < expected.size(); i++) {
            if (!valueEquals(expected.get(i), actual.get(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean valueEquals(@Nullable Object expected, @Nullable Object actual) {
        if (expected == null || actual == null) {
            return expected == null && actual == null;
        }
        if (expected instanceof Number x && actual instanceof Number y) {
            double a = x.doubleValue();
            double b = y.doubleValue();
            double difference = Math.abs(a - b);
            return difference <= 1e-9 || difference <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));
        }
        if (expected instanceof Number || actual instanceof Number) {
            return false;
        }
        return expected.toString().equals(actual.toString());
    }
}
