package dev.analyst.ingestion.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.ForeignKey;
import dev.analyst.contracts.dataset.TableProfile;
import dev.analyst.contracts.dataset.TableSchema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A table of a dataset as the API shows it: the contract's {@link TableSchema} plus its primary key
 * and its quarantined rows, which the event contract does not carry yet.
 *
 * @param rejected where the rows set aside by {@code onError=quarantine} went, or null when none were
 */
public record TableView(
        String name,
        String label,
        long rowCount,
        List<String> primaryKey,
        List<ColumnSchema> columns,
        List<ForeignKey> foreignKeys,
        @Nullable TableProfile profile,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Rejected rejected) {

    /**
     * Rows of an upload that did not fit the table, kept in a table of their own
     * ({@code line bigint, text text}: the 1-based line of the file and the row as written).
     *
     * @param table the table in the same warehouse schema, {@code <table>__rejected}
     * @param rows how many rows it holds
     */
    public record Rejected(String table, long rows) {}

    public TableView {
        primaryKey = List.copyOf(primaryKey);
        columns = List.copyOf(columns);
        foreignKeys = List.copyOf(foreignKeys);
    }

    public TableSchema toSchema() {
        return new TableSchema(name, label, rowCount, columns, foreignKeys, profile);
    }
}
