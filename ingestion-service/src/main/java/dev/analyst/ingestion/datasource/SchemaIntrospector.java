package dev.analyst.ingestion.datasource;

import static dev.analyst.ingestion.csv.Identifiers.quote;

import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.ForeignKey;
import dev.analyst.ingestion.IngestionProperties;
import dev.analyst.ingestion.dataset.TableView;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Describes one schema of a PostgreSQL database from its catalog: tables and views, columns with
 * types and nullability, primary and foreign keys, comments as labels, row counts (exact up to a
 * limit, the planner's estimate beyond), and the most frequent values of low-cardinality text
 * columns. Only reads; each statement is bounded by the statement timeout.
 */
final class SchemaIntrospector {

    private static final String TABLES = """
            SELECT c.oid, c.relname, c.relkind, c.reltuples::bigint AS estimate,
                   obj_description(c.oid, 'pg_class') AS comment
              FROM pg_catalog.pg_class c
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ?
               AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
               AND NOT c.relispartition
               AND has_table_privilege(c.oid, 'SELECT')
             ORDER BY c.relname
            """;

    private static final String COLUMNS = """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull,
                   col_description(a.attrelid, a.attnum) AS comment, t.typcategory
              FROM pg_catalog.pg_attribute a
              JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
             WHERE n.nspname = ? AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY c.relname, a.attnum
            """;

    private static final String KEYS = """
            SELECT con.contype, rel.relname AS table_name, ref.relname AS referenced_table,
                   refns.nspname AS referenced_schema,
                   ARRAY(SELECT a.attname::text
                           FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                           JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                          ORDER BY k.ord) AS columns,
                   ARRAY(SELECT a.attname::text
                           FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                           JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                          ORDER BY k.ord) AS referenced_columns
              FROM pg_catalog.pg_constraint con
              JOIN pg_catalog.pg_class rel ON rel.oid = con.conrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = rel.relnamespace
              LEFT JOIN pg_catalog.pg_class ref ON ref.oid = con.confrelid
              LEFT JOIN pg_catalog.pg_namespace refns ON refns.oid = ref.relnamespace
             WHERE n.nspname = ? AND con.contype IN ('p', 'f')
             ORDER BY rel.relname, con.conname
            """;

    private final IngestionProperties.Datasource settings;
    private final IngestionProperties.Load load;

    SchemaIntrospector(IngestionProperties.Datasource settings, IngestionProperties.Load load) {
        this.settings = settings;
        this.load = load;
    }

    private record Table(
            String name, char kind, long estimate, @Nullable String comment) {}

    private record Column(
            String name,
            String type,
            boolean nullable,
            @Nullable String comment,
            boolean textLike) {}

    List<TableView> describe(Connection connection, String schema) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("SET default_transaction_read_only = on");
            statement.execute(
                    "SET statement_timeout = " + settings.statementTimeout().toMillis());
        }
        requireSchema(connection, schema);
        var tables = tables(connection, schema);
        var columns = columns(connection, schema);
        var primaryKeys = new LinkedHashMap<String, List<String>>();
        var foreignKeys = new LinkedHashMap<String, List<ForeignKey>>();
        keys(connection, schema, primaryKeys, foreignKeys);

        var views = new ArrayList<TableView>(tables.size());
        for (var table : tables) {
            long rowCount = rowCount(connection, schema, table);
            var tableColumns = new ArrayList<ColumnSchema>();
            for (var column : columns.getOrDefault(table.name(), List.of())) {
                var top = column.textLike() && rowCount >= 0 && rowCount <= settings.exactCountLimit()
                        ? topValues(connection, schema, table.name(), column.name())
                        : List.<String>of();
                tableColumns.add(new ColumnSchema(
                        column.name(),
                        labelOf(column.comment(), column.name()),
                        column.type(),
                        column.nullable(),
                        top,
                        // Connected databases are introspected, not profiled: scanning someone's
                        // production tables on every refresh would be neither cheap nor polite.
                        null));
            }
            views.add(new TableView(
                    table.name(),
                    labelOf(table.comment(), table.name()),
                    rowCount,
                    primaryKeys.getOrDefault(table.name(), List.of()),
                    tableColumns,
                    foreignKeys.getOrDefault(table.name(), List.of()),
                    null,
                    null));
        }
        return views;
    }

    private void requireSchema(Connection connection, String schema) throws SQLException {
        try (var statement = connection.prepareStatement(
                "SELECT has_schema_privilege(oid, 'USAGE') FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
            statement.setString(1, schema);
            try (var rs = statement.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    throw new SchemaNotFound("The schema does not exist or the user may not use it");
                }
            }
        }
    }

    private List<Table> tables(Connection connection, String schema) throws SQLException {
        var tables = new ArrayList<Table>();
        try (var statement = connection.prepareStatement(TABLES)) {
            statement.setString(1, schema);
            try (var rs = statement.executeQuery()) {
                while (rs.next()) {
                    tables.add(new Table(
                            rs.getString("relname"),
                            rs.getString("relkind").charAt(0),
                            rs.getLong("estimate"),
                            rs.getString("comment")));
                }
            }
        }
        if (tables.isEmpty()) {
            throw new SchemaNotFound("The schema has no table the user may read");
        }
        if (tables.size() > settings.maxTables()) {
            throw new SchemaNotFound(
                    "The schema has " + tables.size() + " tables; at most " + settings.maxTables() + " are supported");
        }
        return tables;
    }

    private Map<String, List<Column>> columns(Connection connection, String schema) throws SQLException {
        var columns = new LinkedHashMap<String, List<Column>>();
        try (var statement = connection.prepareStatement(COLUMNS)) {
            statement.setString(1, schema);
            try (var rs = statement.executeQuery()) {
                while (rs.next()) {
                    var category = rs.getString("typcategory");
                    columns.computeIfAbsent(rs.getString("relname"), name -> new ArrayList<>())
                            .add(new Column(
                                    rs.getString("attname"),
                                    rs.getString("type"),
                                    !rs.getBoolean("attnotnull"),
                                    rs.getString("comment"),
                                    "S".equals(category) || "E".equals(category)));
                }
            }
        }
        return columns;
    }

    private static void keys(
            Connection connection,
            String schema,
            Map<String, List<String>> primaryKeys,
            Map<String, List<ForeignKey>> foreignKeys)
            throws SQLException {
        try (var statement = connection.prepareStatement(KEYS)) {
            statement.setString(1, schema);
            try (var rs = statement.executeQuery()) {
                while (rs.next()) {
                    var table = rs.getString("table_name");
                    var columns =
                            Arrays.asList((String[]) rs.getArray("columns").getArray());
                    if ("p".equals(rs.getString("contype"))) {
                        primaryKeys.put(table, columns);
                    } else if (schema.equals(rs.getString("referenced_schema"))) {
                        // Only references inside the schema: the dataset is this schema.
                        foreignKeys
                                .computeIfAbsent(table, name -> new ArrayList<>())
                                .add(new ForeignKey(columns, rs.getString("referenced_table"), Arrays.asList((String[])
                                        rs.getArray("referenced_columns").getArray())));
                    }
                }
            }
        }
    }

    /**
     * Exact for tables the planner puts at up to the limit (or has never analysed), else its estimate;
     * -1 for views and foreign tables, whose counting could cost anything.
     */
    private long rowCount(Connection connection, String schema, Table table) throws SQLException {
        if (table.kind() == 'v' || table.kind() == 'f') {
            return -1;
        }
        if (table.estimate() >= 0 && table.estimate() > settings.exactCountLimit()) {
            return table.estimate();
        }
        try (var statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT count(*) FROM " + quote(schema) + "." + quote(table.name()))) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if ("57014".equals(e.getSQLState())) {
                return Math.max(table.estimate(), -1);
            }
            throw e;
        }
    }

    /**
     * The most frequent values of a column with few distinct values, or every value of a naming
     * column ({@code name}, {@code title}, {@code ..._name}) with up to {@code datasource.max-named-values}
     * of them: the names questions use ("albums by AC/DC"); empty for any other column.
     */
    private List<String> topValues(Connection connection, String schema, String table, String column) {
        boolean naming = isNaming(column);
        int most = naming ? Math.max(settings.maxNamedValues(), load.maxDistinctValues()) : load.maxDistinctValues();
        var sql = "SELECT " + quote(column) + "::text AS v, count(*) AS n FROM " + quote(schema) + "."
                + quote(table) + " WHERE " + quote(column) + " IS NOT NULL GROUP BY 1 ORDER BY n DESC, v LIMIT "
                + (most + 1);
        var values = new ArrayList<String>();
        try (var statement = connection.createStatement();
                var rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                var value = rs.getString(1);
                if (value.length() > load.maxValueLength()) {
                    return List.of();
                }
                values.add(value);
            }
        } catch (SQLException e) {
            // A column that cannot be grouped (or a timeout) simply has no top values.
            return List.of();
        }
        if (values.size() > most) {
            return List.of();
        }
        return List.copyOf(naming ? values : values.subList(0, Math.min(values.size(), load.topValues())));
    }

    private static boolean isNaming(String column) {
        var name = column.toLowerCase(java.util.Locale.ROOT);
        return name.equals("name") || name.equals("title") || name.endsWith("_name");
    }

    private static String labelOf(@Nullable String comment, String name) {
        return comment == null || comment.isBlank() ? name : comment.strip();
    }
}
