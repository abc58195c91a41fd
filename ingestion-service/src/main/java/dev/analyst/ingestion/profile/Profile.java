package dev.analyst.ingestion.profile;

import dev.analyst.contracts.dataset.ColumnProfile;
import dev.analyst.contracts.dataset.TableProfile;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The profile of one table.
 *
 * @param columns one entry per column asked for, in the same order; null for columns beyond the
 *     profiled limit
 */
public record Profile(List<@Nullable ColumnProfile> columns, TableProfile table) {

    /** The profile of the column at {@code index}, or null when it was not profiled. */
    public @Nullable ColumnProfile column(int index) {
        return columns.get(index);
    }
}
