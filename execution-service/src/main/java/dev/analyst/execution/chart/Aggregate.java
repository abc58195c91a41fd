package dev.analyst.execution.chart;

import java.math.BigDecimal;
import java.math.MathContext;
import org.jspecify.annotations.Nullable;

/**
 * One aggregation ({@code none}, {@code sum}, {@code mean}, {@code count}, {@code min}, {@code max}) over
 * the values of a group, in exact decimals so sums of money do not come out as 0.30000000000000004.
 * {@code count} counts the values that are not null, as SQL's {@code count(column)} does; the others skip
 * what is not a number; {@code none} keeps the first value.
 */
final class Aggregate {

    private final String function;

    private long count;

    private @Nullable BigDecimal sum;

    private @Nullable BigDecimal min;

    private @Nullable BigDecimal max;

    private @Nullable Object first;

    private boolean seen;

    Aggregate(String function) {
        this.function = function;
    }

    void add(@Nullable Object value) {
        if (!seen) {
            first = value;
            seen = true;
        }
        if (function.equals("count")) {
            count += value == null ? 0 : 1;
            return;
        }
        BigDecimal decimal = Values.decimal(value);
        if (decimal == null) {
            return;
        }
        count++;
        sum = sum == null ? decimal : sum.add(decimal);
        min = min == null || decimal.compareTo(min) < 0 ? decimal : min;
        max = max == null || decimal.compareTo(max) > 0 ? decimal : max;
    }

    /** The aggregated value as the figure shows it; null for a group without values. */
    @Nullable
    Number result() {
        return switch (function) {
            case "none" -> Values.plotted(first);
            case "count" -> count;
            case "sum" -> Values.plotted(sum);
            case "mean" ->
                sum == null ? null : Values.plotted(sum.divide(BigDecimal.valueOf(count), MathContext.DECIMAL64));
            case "min" -> Values.plotted(min);
            case "max" -> Values.plotted(max);
            default -> throw new IllegalStateException("Unknown aggregation " + function);
        };
    }
}
