package dev.analyst.execution.analysis;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * A categorical column: its distinct values as labels in natural order (numbers by value, false before
 * true, text alphabetically) and each row's index into them.
 */
record Levels(List<String> names, int[] codes) {

    /** Numbers compare by value so 4, 6, 8, 10 stay in that order and 4 equals 4.0. */
    private static final Comparator<Object> NATURAL = (a, b) -> {
        if (a instanceof Number x && b instanceof Number y) {
            return decimal(x).compareTo(decimal(y));
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return x.compareTo(y);
        }
        return label(a).compareTo(label(b));
    };

    static Levels of(List<Object> values) {
        var indexes = new TreeMap<Object, Integer>(NATURAL);
        for (Object value : values) {
            indexes.putIfAbsent(value, 0);
        }
        var names = new ArrayList<String>(indexes.size());
        for (var entry : indexes.entrySet()) {
            entry.setValue(names.size());
            names.add(label(entry.getKey()));
        }
        int[] codes = new int[values.size()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = indexes.get(values.get(i));
        }
        return new Levels(List.copyOf(names), codes);
    }

    int count() {
        return names.size();
    }

    /** How many rows fall in each level. */
    long[] sizes() {
        long[] sizes = new long[count()];
        for (int code : codes) {
            sizes[code]++;
        }
        return sizes;
    }

    /** {@code values} split by level, in level order. */
    double[][] split(double[] values) {
        long[] sizes = sizes();
        double[][] groups = new double[count()][];
        int[] filled = new int[count()];
        for (int level = 0; level < count(); level++) {
            groups[level] = new double[(int) sizes[level]];
        }
        for (int i = 0; i < codes.length; i++) {
            groups[codes[i]][filled[codes[i]]++] = values[i];
        }
        return groups;
    }

    /** How a value reads as a label: numbers without trailing zeros, so 4.0 and 4 are both "4". */
    static String label(Object value) {
        return switch (value) {
            case Number number -> decimal(number).stripTrailingZeros().toPlainString();
            default -> value.toString();
        };
    }

    private static BigDecimal decimal(Number number) {
        return switch (number) {
            case BigDecimal decimal -> decimal;
            case Long l -> BigDecimal.valueOf(l);
            case Integer i -> BigDecimal.valueOf(i);
            default -> BigDecimal.valueOf(number.doubleValue());
        };
    }
}
