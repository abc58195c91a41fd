package dev.analyst.execution.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.analysis.AnalysisResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Small published datasets typed in as a query would return them (Long for integers, BigDecimal for
 * numeric, Double for float8, Boolean, text), and the assertions the tests share. The same data is in
 * src/test/resources/analysis/reference.py, which computes the reference values independently.
 */
final class Datasets {

    private Datasets() {}

    static ResultTable table(List<String> names, List<String> types, List<List<@Nullable Object>> rows) {
        var columns = new ArrayList<ResultColumn>();
        for (int i = 0; i < names.size(); i++) {
            columns.add(new ResultColumn(names.get(i), types.get(i)));
        }
        return new ResultTable(columns, rows, false);
    }

    static List<@Nullable Object> row(@Nullable Object... values) {
        return Arrays.asList(values);
    }

    /** NIST StRD Longley: employment and six economic series, 1947 to 1962. */
    static ResultTable longley() {
        double[][] data = {
            {60323, 83.0, 234289, 2356, 1590, 107608, 1947},
            {61122, 88.5, 259426, 2325, 1456, 108632, 1948},
            {60171, 88.2, 258054, 3682, 1616, 109773, 1949},
            {61187, 89.5, 284599, 3351, 1650, 110929, 1950},
            {63221, 96.2, 328975, 2099, 3099, 112075, 1951},
            {63639, 98.1, 346999, 1932, 3594, 113270, 1952},
            {64989, 99.0, 365385, 1870, 3547, 115094, 1953},
            {63761, 100.0, 363112, 3578, 3350, 116219, 1954},
            {66019, 101.2, 397469, 2904, 3048, 117388, 1955},
            {67857, 104.6, 419180, 2822, 2857, 118734, 1956},
            {68169, 108.4, 442769, 2936, 2798, 120445, 1957},
            {66513, 110.8, 444546, 4681, 2637, 121950, 1958},
            {68655, 112.6, 482704, 3813, 2552, 123366, 1959},
            {69564, 114.2, 502601, 3931, 2514, 125368, 1960},
            {69331, 115.7, 518173, 4806, 2572, 127852, 1961},
            {70551, 116.9, 554894, 4007, 2827, 130081, 1962},
        };
        var rows = new ArrayList<List<@Nullable Object>>();
        for (double[] r : data) {
            // The deflator is numeric (BigDecimal), the rest bigint (Long), as PostgreSQL returns them.
            rows.add(row(
                    (long) r[0], BigDecimal.valueOf(r[1]), (long) r[2], (long) r[3], (long) r[4], (long) r[5], (long)
                            r[6]));
        }
        return table(
                List.of("employed", "gnp_deflator", "gnp", "unemployed", "armed_forces", "population", "year"),
                List.of("int8", "numeric", "int8", "int8", "int8", "int8", "int8"),
                rows);
    }

    /** NIST StRD Norris: a calibration line, 36 points. */
    static ResultTable norris() {
        double[][] data = {
            {0.1, 0.2}, {338.8, 337.4}, {118.1, 118.2}, {888.0, 884.6}, {9.2, 10.1}, {228.1, 226.5},
            {668.5, 666.3}, {998.5, 996.3}, {449.1, 448.6}, {778.9, 777.0}, {559.2, 558.2}, {0.3, 0.4},
            {0.1, 0.6}, {778.1, 775.5}, {668.8, 666.9}, {339.3, 338.0}, {448.9, 447.5}, {10.8, 11.6},
            {557.7, 556.0}, {228.3, 228.1}, {998.0, 995.8}, {888.8, 887.6}, {119.6, 120.2}, {0.3, 0.3},
            {0.6, 0.3}, {557.6, 556.8}, {339.3, 339.1}, {888.0, 887.2}, {998.5, 999.0}, {778.9, 779.0},
            {10.2, 11.1}, {117.6, 118.3}, {228.9, 229.2}, {668.4, 669.1}, {449.2, 448.9}, {0.2, 0.5},
        };
        var rows = new ArrayList<List<@Nullable Object>>();
        for (double[] r : data) {
            rows.add(row(r[0], r[1]));
        }
        return table(List.of("y", "x"), List.of("float8", "float8"), rows);
    }

    /** mtcars (Motor Trend 1974, R's datasets): mpg, cyl, hp, wt, am and am as text. */
    static ResultTable mtcars() {
        double[][] data = {
            {21.0, 6, 110, 2.620, 1}, {21.0, 6, 110, 2.875, 1}, {22.8, 4, 93, 2.320, 1}, {21.4, 6, 110, 3.215, 0},
            {18.7, 8, 175, 3.440, 0}, {18.1, 6, 105, 3.460, 0}, {14.3, 8, 245, 3.570, 0}, {24.4, 4, 62, 3.190, 0},
            {22.8, 4, 95, 3.150, 0}, {19.2, 6, 123, 3.440, 0}, {17.8, 6, 123, 3.440, 0}, {16.4, 8, 180, 4.070, 0},
            {17.3, 8, 180, 3.730, 0}, {15.2, 8, 180, 3.780, 0}, {10.4, 8, 205, 5.250, 0}, {10.4, 8, 215, 5.424, 0},
            {14.7, 8, 230, 5.345, 0}, {32.4, 4, 66, 2.200, 1}, {30.4, 4, 52, 1.615, 1}, {33.9, 4, 65, 1.835, 1},
            {21.5, 4, 97, 2.465, 0}, {15.5, 8, 150, 3.520, 0}, {15.2, 8, 150, 3.435, 0}, {13.3, 8, 245, 3.840, 0},
            {19.2, 8, 175, 3.845, 0}, {27.3, 4, 66, 1.935, 1}, {26.0, 4, 91, 2.140, 1}, {30.4, 4, 113, 1.513, 1},
            {15.8, 8, 264, 3.170, 1}, {19.7, 6, 175, 2.770, 1}, {15.0, 8, 335, 3.570, 1}, {21.4, 4, 109, 2.780, 1},
        };
        var rows = new ArrayList<List<@Nullable Object>>();
        for (double[] r : data) {
            rows.add(row(
                    r[0],
                    (long) r[1],
                    (long) r[2],
                    new BigDecimal(String.format(java.util.Locale.ROOT, "%.3f", r[3])),
                    r[4] == 1,
                    r[4] == 1 ? "manual" : "automatic"));
        }
        return table(
                List.of("mpg", "cyl", "hp", "wt", "am", "transmission"),
                List.of("float8", "int8", "int8", "numeric", "bool", "text"),
                rows);
    }

    /** {@code table} with a few more rows and the row cap flag, to test what an analysis drops. */
    static ResultTable with(ResultTable table, List<List<@Nullable Object>> extra, boolean truncated) {
        var rows = new ArrayList<>(table.rows());
        rows.addAll(extra);
        return new ResultTable(table.columns(), rows, truncated);
    }

    static void assertRelative(double actual, double expected, double tolerance) {
        assertThat(actual).isCloseTo(expected, within(Math.abs(expected) * tolerance));
    }

    static double statistic(AnalysisResult result, String name) {
        assertThat(result.statistics()).containsKey(name);
        return result.statistics().get(name);
    }

    /** The numeric cell of the row whose first cell is {@code key}. */
    static double cell(AnalysisResult result, String key, String column) {
        int position = position(result.table(), column);
        return result.table().rows().stream()
                .filter(r -> key.equals(String.valueOf(r.get(0))))
                .map(r -> ((Number) r.get(position)).doubleValue())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + key));
    }

    static int position(ResultTable table, String column) {
        for (int i = 0; i < table.columns().size(); i++) {
            if (table.columns().get(i).name().equals(column)) {
                return i;
            }
        }
        throw new AssertionError("no column " + column + " in " + table.columns());
    }
}
