package dev.analyst.execution.analysis;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/** Numbers as findings state them: three significant digits, thousands grouped, p-values plainly. */
final class Phrases {

    static final double ALPHA = 0.05;

    private Phrases() {}

    static String number(double value) {
        double magnitude = Math.abs(value);
        if (!Double.isFinite(value) || magnitude == 0) {
            return magnitude == 0 ? "0" : Double.toString(value);
        }
        if (magnitude >= 1000) {
            return String.format(Locale.US, "%,.0f", value);
        }
        if (magnitude < 0.001) {
            return String.format(Locale.US, "%.2e", value);
        }
        return new BigDecimal(value)
                .round(new MathContext(3))
                .stripTrailingZeros()
                .toPlainString();
    }

    static String count(long count) {
        return String.format(Locale.US, "%,d", count);
    }

    /** A share as a whole percentage, or with one decimal below 10%. */
    static String percent(double share) {
        double percent = 100 * share;
        return (percent < 10 && percent != Math.rint(percent)
                        ? String.format(Locale.US, "%.1f", percent)
                        : String.format(Locale.US, "%.0f", percent))
                + "%";
    }

    static String p(double p) {
        if (p < 0.001) {
            return "p < 0.001";
        }
        return "p = "
                + new BigDecimal(p)
                        .round(new MathContext(2))
                        .stripTrailingZeros()
                        .toPlainString();
    }

    static String significance(double p) {
        return p < ALPHA
                ? "statistically significant at the 5% level"
                : "not statistically significant at the 5% level";
    }

    /** Column names as a sentence lists them: a, b and c. */
    static String names(List<String> names) {
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
    }
}
