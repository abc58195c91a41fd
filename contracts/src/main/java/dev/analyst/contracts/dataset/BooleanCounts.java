package dev.analyst.contracts.dataset;

/** How many rows of a boolean column are true and how many false. */
public record BooleanCounts(long trueCount, long falseCount) {}
