package dev.analyst.execution.chart;

/**
 * How much a figure may hold. Past these a browser slows down and people stop reading, so larger results
 * are aggregated or sampled in the database, and the figure says so.
 */
final class ChartLimits {

    private ChartLimits() {}

    /** The most rows drawn as they are; also the size of a scatter plot's random sample. */
    static final int MAX_POINTS = 5_000;

    /** The most categories on the x axis of a bar chart; the largest are kept. */
    static final int MAX_BARS = 50;

    /** The most boxes of a box plot; the groups with the most values are kept. */
    static final int MAX_BOXES = 50;

    /** The most slices of a pie, the last of them "Other". */
    static final int MAX_SLICES = 8;

    /** About how many bins a histogram has; bin widths are rounded to 1, 2, 2.5 or 5 times a power of ten. */
    static final int TARGET_BINS = 40;

    /** The most rows of a table figure. */
    static final int MAX_TABLE_ROWS = 1_000;
}
