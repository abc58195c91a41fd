package dev.analyst.contracts.dataset;

/** The smallest and largest value of a column, as ISO text (dates and timestamps). */
public record ValueRange(String min, String max) {}
