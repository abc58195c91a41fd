package dev.analyst.contracts.dataset;

/** A value and the number of rows that hold it. */
public record ValueCount(String value, long count) {}
