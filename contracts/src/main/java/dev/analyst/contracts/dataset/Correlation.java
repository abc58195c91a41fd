package dev.analyst.contracts.dataset;

/** The Pearson correlation coefficient of two numeric columns, from -1 to 1. */
public record Correlation(String first, String second, double coefficient) {}
