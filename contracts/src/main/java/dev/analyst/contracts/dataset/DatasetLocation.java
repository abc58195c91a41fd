package dev.analyst.contracts.dataset;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Where a dataset's tables are: in the suite's own warehouse, or in a database someone connected. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(WarehouseSchema.class), @JsonSubTypes.Type(ExternalPostgres.class)})
public sealed interface DatasetLocation permits WarehouseSchema, ExternalPostgres {

    /** The schema that holds the tables. */
    String schema();
}
