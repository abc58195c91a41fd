package dev.analyst.contracts;

/** A column of a query result: its name as the query returned it and its PostgreSQL type name. */
public record ResultColumn(String name, String type) {}
