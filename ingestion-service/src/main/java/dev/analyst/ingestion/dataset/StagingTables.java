package dev.analyst.ingestion.dataset;

import static dev.analyst.ingestion.csv.Identifiers.quote;

import dev.analyst.ingestion.csv.Identifiers;
import dev.analyst.ingestion.csv.Typing;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * How a load's staging tables are made, whichever path fills them ({@link StagingLoad}, {@link
 * DirectCopy}): a random name the caller renames into place, and columns created under provisional
 * names ({@code c1}, {@code c2}...) that are renamed after the header once the table is complete (a
 * header may only be complete then: JSON Lines discovers keys as it goes).
 */
final class StagingTables {

    private StagingTables() {}

    /** A fresh staging table name. */
    static String newName() {
        return "_load_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** The provisional name of column {@code index}. */
    static String provisional(int index) {
        return "c" + (index + 1);
    }

    /** The DDL of a staging table whose columns are typed {@code typings}, in order. */
    static String create(String relation, List<Typing> typings) {
        var ddl = new StringBuilder("CREATE TABLE ").append(relation).append(" (");
        for (int i = 0; i < typings.size(); i++) {
            ddl.append(i == 0 ? "" : ", ")
                    .append(quote(provisional(i)))
                    .append(' ')
                    .append(typings.get(i).type().sql());
        }
        return ddl.append(')').toString();
    }

    /**
     * The final names and labels of a table's columns.
     *
     * @param labels as shown: the header as written, or the name where it was blank
     */
    record ColumnNames(List<String> names, List<String> labels) {}

    /**
     * Renames the {@code width} provisional columns of {@code relation} after {@code header} (which
     * may be shorter: the rest are unlabelled).
     */
    static ColumnNames nameColumns(Statement statement, String relation, List<String> header, int width)
            throws SQLException {
        var written = new ArrayList<String>(width);
        for (int i = 0; i < width; i++) {
            written.add(i < header.size() ? header.get(i).strip() : "");
        }
        var names = Identifiers.columnNames(written);
        var labels = new ArrayList<String>(width);
        for (int i = 0; i < width; i++) {
            statement.execute("ALTER TABLE " + relation + " RENAME COLUMN " + quote(provisional(i)) + " TO "
                    + quote(names.get(i)));
            labels.add(written.get(i).isEmpty() ? names.get(i) : written.get(i));
        }
        return new ColumnNames(names, labels);
    }
}
