package dev.analyst.contracts.dataset;

/** Tables that ingestion loaded into a tenant's schema of the warehouse database. */
public record WarehouseSchema(String schema) implements DatasetLocation {}
