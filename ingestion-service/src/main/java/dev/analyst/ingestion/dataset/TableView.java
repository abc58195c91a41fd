package dev.analyst.ingestion.dataset;

import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.ForeignKey;
import dev.analyst.contracts.dataset.TableProfile;
import dev.analyst.contracts.dataset.TableSchema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A table of a dataset as the API shows it: the contract's {@link TableSchema} plus its primary key,
 * which the event contract does not carry yet.
 */
public record TableView(
        String name,
        String label,
        long rowCount,
        List<String> primaryKey,
        List<ColumnSchema> columns,
        List<ForeignKey> foreignKeys,
        @Nullable TableProfile profile) {

    public TableView {
        primaryKey = List.copyOf(primaryKey);
        columns = List.copyOf(columns);
        foreignKeys = List.copyOf(foreignKeys);
    }

    public TableSchema toSchema() {
        return new TableSchema(name, label, rowCount, columns, foreignKeys, profile);
    }
}
