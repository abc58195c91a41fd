package dev.analyst.contracts;

import java.util.List;

/**
 * A validated chart description, never code: which columns of the result go on which axis, with the
 * labels people read. A client renders it with any charting library.
 *
 * @param type one of {@code bar}, {@code line}, {@code pie}, {@code scatter}, {@code histogram},
 *     {@code number} (a single value) or {@code table} (nothing worth plotting)
 * @param x the result column on the x axis (or the slices of a pie); empty for a number
 * @param y the result columns plotted as measures
 */
public record ChartSpec(String type, String title, String x, List<String> y, String xLabel, String yLabel) {

    public ChartSpec {
        y = List.copyOf(y);
    }
}
