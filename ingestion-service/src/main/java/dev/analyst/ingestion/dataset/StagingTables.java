package dev.analyst.ingestion.dataset;

import static dev.analyst.ingestion.csv.Identifiers.quote;

import dev.analyst.ingestion.csv.Identifiers;
import dev.analyst.ingestion.csv.Typing;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * How a load's staging tables are made, whichever path fills them ({@link StagingLoad}, {@link
 * DirectCopy}): a random name the caller renames into place, and columns created under provisional
 * names ({@code c1}, {@code c2}...) that are renamed after the header once the table is complete (a
 * header may only be complete then: JSON Lines discovers keys as it goes).
 */
final class StagingTables {

    /**
     * Where a staging table that must be committed before its load's transaction ends waits (see
     * {@link ParallelCopy}): the service's own schema, which no tenant can read.
     */
    static final String PRIVATE_SCHEMA = "ingestion";

    private static final String PREFIX = "_load_";

    /** The names {@link #newName} gives. */
    private static final Pattern OURS = Pattern.compile(PREFIX + "[0-9a-f]{16}");

    private StagingTables() {}

    /** A fresh staging table name. */
    static String newName() {
        return PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /**
     * Marks {@code table} as its load's until {@code connection}'s transaction ends, with an advisory
     * lock named after it: a committed staging table whose lock is free belongs to no load still
     * running (its process may have been killed), and {@link #dropAbandoned} drops it.
     */
    static void claim(Connection connection, String table) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            statement.setLong(1, lockKey(table));
            statement.execute();
        }
    }

    /** Drops {@code relation} (qualified and quoted) if it exists, in a transaction of its own. */
    static void drop(DataSource dataSource, String relation) throws SQLException {
        try (var connection = dataSource.getConnection();
                var statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + relation);
        }
    }

    /**
     * Drops the committed staging tables in {@link #PRIVATE_SCHEMA} no running load claims: left by a
     * load whose process stopped, or whose transaction rolled back after it took the table over.
     *
     * @return how many
     */
    static int dropAbandoned(DataSource dataSource) throws SQLException {
        int dropped = 0;
        try (var connection = dataSource.getConnection()) {
            var tables = new ArrayList<String>();
            try (var statement = connection.prepareStatement(
                    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                            + " WHERE n.nspname = ? AND c.relkind = 'r' AND c.relname LIKE '\\_load\\_%'")) {
                statement.setString(1, PRIVATE_SCHEMA);
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        var table = rows.getString(1);
                        if (OURS.matcher(table).matches()) {
                            tables.add(table);
                        }
                    }
                }
            }
            connection.setAutoCommit(false);
            try {
                for (var table : tables) {
                    try (var lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
                        lock.setLong(1, lockKey(table));
                        try (var rows = lock.executeQuery()) {
                            if (rows.next() && rows.getBoolean(1)) {
                                try (var statement = connection.createStatement()) {
                                    statement.execute(
                                            "DROP TABLE IF EXISTS " + quote(PRIVATE_SCHEMA) + "." + quote(table));
                                }
                                dropped++;
                            }
                        }
                    }
                    connection.commit(); // releases the lock
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
        return dropped;
    }

    /** The advisory lock key of one of {@link #newName}'s tables: the random hex its name ends with. */
    private static long lockKey(String table) {
        return Long.parseUnsignedLong(table.substring(PREFIX.length()), 16);
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
