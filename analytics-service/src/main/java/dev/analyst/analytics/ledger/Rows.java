package dev.analyst.analytics.ledger;

import io.r2dbc.spi.Readable;
import java.util.Objects;

/** Reading the columns of a query's row that the query guarantees are there. */
public final class Rows {

    private Rows() {}

    /** The value of a column that is never null, named in the error if it is. */
    public static <T> T require(Readable row, String column, Class<T> type) {
        return Objects.requireNonNull(row.get(column, type), column);
    }
}
