package dev.analyst.execution.sql;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.ArrayConstructor;
import net.sf.jsqlparser.expression.ArrayExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.CollateExpression;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.DateValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.FilterOverImpl;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.IntervalExpression;
import net.sf.jsqlparser.expression.JsonExpression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.OrderByClause;
import net.sf.jsqlparser.expression.OverlapsCondition;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.PartitionByClause;
import net.sf.jsqlparser.expression.RowConstructor;
import net.sf.jsqlparser.expression.RowGetExpression;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.TimeValue;
import net.sf.jsqlparser.expression.TimestampValue;
import net.sf.jsqlparser.expression.TimezoneExpression;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.expression.WindowElement;
import net.sf.jsqlparser.expression.WindowOffset;
import net.sf.jsqlparser.expression.WindowRange;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.create.table.ColDataType;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Distinct;
import net.sf.jsqlparser.statement.select.ExceptOp;
import net.sf.jsqlparser.statement.select.Fetch;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.IntersectOp;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.Offset;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SampleClause;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.UnionOp;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Accepts only one read-only query of an allowed shape: a plain SELECT (with set operations and WITH of
 * SELECTs), calling only allow-listed functions, naming no schema but the dataset's own. It fails closed:
 * SQL it cannot parse, and syntax tree nodes it does not know, are refused. The database's read-only
 * transaction (and, where configured, the tenant's role) remains the last line of defence.
 */
@Component
public class SqlValidator implements AutoCloseable {

    private static final int MAXIMUM_LENGTH = 100_000;

    private static final long PARSE_TIMEOUT_MILLIS = 2_000;

    /** Syntax tree nodes a read-only query is built from; operators are allowed as a package. */
    private static final Set<Class<?>> ALLOWED_NODES = Set.of(
            PlainSelect.class,
            SetOperationList.class,
            ParenthesedSelect.class,
            Values.class,
            WithItem.class,
            SelectItem.class,
            AllColumns.class,
            AllTableColumns.class,
            Join.class,
            Limit.class,
            Offset.class,
            Fetch.class,
            Distinct.class,
            OrderByElement.class,
            GroupByElement.class,
            UnionOp.class,
            IntersectOp.class,
            ExceptOp.class,
            ParenthesedFromItem.class,
            TableFunction.class,
            LateralSubSelect.class,
            SampleClause.class,
            Table.class,
            Column.class,
            ColDataType.class,
            Alias.class,
            AnalyticExpression.class,
            AnyComparisonExpression.class,
            ArrayConstructor.class,
            ArrayExpression.class,
            BooleanValue.class,
            CaseExpression.class,
            CastExpression.class,
            CollateExpression.class,
            DateTimeLiteralExpression.class,
            DateValue.class,
            DoubleValue.class,
            ExtractExpression.class,
            FilterOverImpl.class,
            Function.class,
            HexValue.class,
            IntervalExpression.class,
            JsonExpression.class,
            LongValue.class,
            NotExpression.class,
            NullValue.class,
            OrderByClause.class,
            OverlapsCondition.class,
            Parenthesis.class,
            PartitionByClause.class,
            RowConstructor.class,
            RowGetExpression.class,
            SignedExpression.class,
            StringValue.class,
            TimeKeyExpression.class,
            TimeValue.class,
            TimestampValue.class,
            TimezoneExpression.class,
            TrimFunction.class,
            WhenClause.class,
            WindowDefinition.class,
            WindowElement.class,
            WindowOffset.class,
            WindowRange.class);

    private static final String OPERATORS_PACKAGE = "net.sf.jsqlparser.expression.operators.";

    private static final String PARSER_PACKAGE = "net.sf.jsqlparser.parser.";

    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            var fields = new ArrayList<Field>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
                        field.setAccessible(true);
                        fields.add(field);
                    }
                }
            }
            return List.copyOf(fields);
        }
    };

    // Parsing runs on its own (virtual) thread so JSqlParser can give up on pathological input.
    private final ExecutorService parsing = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * Validates {@code sql} for a dataset whose tables live in {@code datasetSchema}.
     *
     * @throws SqlRejected when the SQL is not one allowed read-only query, or cannot be validated
     */
    public ValidatedSql validate(String sql, String datasetSchema) {
        if (sql.isBlank()) {
            throw new SqlRejected("The step carries no SQL.");
        }
        if (sql.length() > MAXIMUM_LENGTH) {
            throw new SqlRejected("The SQL is longer than " + MAXIMUM_LENGTH + " characters.");
        }
        String normalised = SqlLexer.normalise(sql);
        Statements statements = parse(sql);
        if (statements.size() != 1) {
            throw new SqlRejected("Exactly one statement is allowed; found " + statements.size() + ".");
        }
        Statement statement = statements.getFirst();
        if (!(statement instanceof Select)) {
            throw new SqlRejected(
                    "Only a read-only SELECT query is allowed; found " + statementKind(statement.getClass()) + ".");
        }
        new Inspection(datasetSchema).inspect(statement);
        return new ValidatedSql(sql, normalised);
    }

    private Statements parse(String sql) {
        try {
            return CCJSqlParserUtil.parseStatements(
                    sql,
                    parsing,
                    parser -> parser.withTimeOut(PARSE_TIMEOUT_MILLIS)
                            .withBackslashEscapeCharacter(false)
                            .withUnsupportedStatements(false));
        } catch (JSQLParserException e) {
            throw SqlRejected.cannotValidate(firstLine(e));
        } catch (RuntimeException | StackOverflowError e) {
            throw SqlRejected.cannotValidate("the parser failed on it.");
        }
    }

    private static String firstLine(JSQLParserException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = String.valueOf(cause.getMessage()).strip();
        String line = message.lines()
                .findFirst()
                .orElse("it does not parse")
                .replaceFirst("^[\\w.]+Exception: ", "")
                .strip();
        if (line.contains("Time out occurred")) {
            return "parsing took too long.";
        }
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    @Override
    public void close() {
        parsing.shutdownNow();
    }

    /** "Drop" becomes "DROP", "CreateTable" becomes "CREATE TABLE", "SetStatement" becomes "SET". */
    private static String statementKind(Class<?> type) {
        String name = type.getSimpleName()
                .replaceFirst("^Parenthesed", "")
                .replaceFirst("Statement$", "")
                .replaceAll("([a-z])([A-Z])", "$1 $2");
        return name.isEmpty() ? "an unsupported statement" : name.toUpperCase(Locale.ROOT);
    }

    /** One walk over every node reachable from the statement, whatever the parser's visitors cover. */
    private static final class Inspection {

        private final String datasetSchema;

        private final Set<Object> visited = Collections.newSetFromMap(new IdentityHashMap<>());

        private final Set<String> cteNames = new HashSet<>();

        private final List<Table> tables = new ArrayList<>();

        Inspection(String datasetSchema) {
            this.datasetSchema = datasetSchema;
        }

        void inspect(Statement statement) {
            walk(statement);
            tables.forEach(this::checkTable);
        }

        private void walk(@Nullable Object value) {
            switch (value) {
                case null -> {}
                case String ignored -> {}
                case Number ignored -> {}
                case Boolean ignored -> {}
                case Character ignored -> {}
                case Enum<?> ignored -> {}
                case Collection<?> collection -> collection.forEach(this::walk);
                case Map<?, ?> map -> {
                    map.keySet().forEach(this::walk);
                    map.values().forEach(this::walk);
                }
                case Object[] array -> {
                    for (Object element : array) {
                        walk(element);
                    }
                }
                default -> walkNode(value);
            }
        }

        private void walkNode(Object node) {
            Class<?> type = node.getClass();
            String name = type.getName();
            if (name.startsWith(PARSER_PACKAGE)) {
                // Tokens and the parser's own tree: bookkeeping, not part of the query.
                return;
            }
            if (!name.startsWith("net.sf.jsqlparser.") || type.isArray()) {
                // A carrier the walk does not understand could hide part of the query.
                throw SqlRejected.cannotValidate("it contains a construct the validator does not know.");
            }
            if (!visited.add(node)) {
                return;
            }
            check(node);
            for (Field field : fieldsOf(type)) {
                if (isReferenceToFromItem(node, field)) {
                    continue;
                }
                walk(read(field, node));
            }
        }

        private void check(Object node) {
            Class<?> type = node.getClass();
            if (!isAllowedNode(type)) {
                throw new SqlRejected(describeDisallowed(type));
            }
            switch (node) {
                case Select select -> checkSelect(select);
                case WithItem<?> withItem -> checkWithItem(withItem);
                // A function in FROM wraps the call, which the walk reaches and checks as a Function.
                case TableFunction ignored -> {}
                case Function function -> checkFunction(function.getMultipartName(), function.getName());
                case AnalyticExpression analytic -> checkFunction(List.of(analytic.getName()), analytic.getName());
                case CastExpression cast -> checkCast(cast);
                case Table table -> tables.add(table);
                case Column column -> checkQualifier(column.getTable());
                case AllTableColumns columns -> checkQualifier(columns.getTable());
                default -> {}
            }
        }

        /**
         * A column qualified with a schema ({@code other_schema.t.id}) names a FROM item the walk does not
         * reach from here: refuse a foreign schema in the same words as a foreign table.
         */
        private void checkQualifier(@Nullable Table qualifier) {
            if (qualifier != null
                    && qualifier.getSchemaName() != null
                    && !identifier(qualifier.getSchemaName()).equals(datasetSchema)) {
                throw new SqlRejected("Only this dataset's tables can be queried; " + qualifier.getFullyQualifiedName()
                        + " is outside it.");
            }
        }

        private static boolean isAllowedNode(Class<?> type) {
            if (type.getName().startsWith(OPERATORS_PACKAGE) || ALLOWED_NODES.contains(type)) {
                return true;
            }
            // Helper types nested in an allowed node (Function.HavingClause, Alias.AliasColumn, ...).
            Class<?> enclosing = type.getEnclosingClass();
            return enclosing != null && ALLOWED_NODES.contains(enclosing);
        }

        private static String describeDisallowed(Class<?> type) {
            String name = type.getName();
            for (String dml : List.of("insert", "update", "delete", "merge", "upsert")) {
                if (name.startsWith("net.sf.jsqlparser.statement." + dml + ".")) {
                    return "Only read-only queries are allowed; the query contains " + dml.toUpperCase(Locale.ROOT)
                            + ".";
                }
            }
            return "The query uses a construct that is not allowed in a read-only query (" + type.getSimpleName()
                    + ").";
        }

        private void checkSelect(Select select) {
            if (select.getForMode() != null
                    || select.getForUpdateTable() != null
                    || select.getWait() != null
                    || select.isNoWait()
                    || select.isSkipLocked()) {
                throw new SqlRejected("Row locks (FOR UPDATE / FOR SHARE) are not allowed in a read-only query.");
            }
            if (select.getForClause() != null || select.getIsolation() != null) {
                throw new SqlRejected("FOR and WITH isolation clauses are not allowed.");
            }
            if (select instanceof PlainSelect plain) {
                if ((plain.getIntoTables() != null && !plain.getIntoTables().isEmpty())
                        || plain.getIntoTempTable() != null) {
                    throw new SqlRejected("SELECT INTO creates a table and is not allowed.");
                }
            }
        }

        private void checkWithItem(WithItem<?> withItem) {
            Object statement = withItem.getParenthesedStatement();
            if (!(statement instanceof ParenthesedSelect)) {
                String kind = statement == null ? "no query" : statementKind(statement.getClass());
                throw new SqlRejected(
                        "Only read-only queries are allowed; a WITH query must be a SELECT, not " + kind + ".");
            }
            if (withItem.getAlias() != null) {
                cteNames.add(identifier(withItem.getAlias().getName()));
            }
        }

        private void checkFunction(@Nullable List<String> nameParts, @Nullable String fullName) {
            String shown = fullName == null ? "(unnamed)" : fullName;
            if (nameParts == null || nameParts.size() != 1 || shown.contains(".")) {
                throw new SqlRejected("Schema-qualified function calls are not allowed (" + shown + ").");
            }
            if (!AllowedFunctions.NAMES.contains(identifier(nameParts.getFirst()))) {
                throw new SqlRejected("The function " + shown + " is not allowed. Use aggregates, window, math,"
                        + " string, date/time and conditional functions.");
            }
        }

        private void checkCast(CastExpression cast) {
            ColDataType type = cast.getColDataType();
            String typeName = type == null || type.getDataType() == null ? "" : identifier(type.getDataType());
            // regclass, regproc, regrole ... resolve names against the system catalogs.
            if (typeName.startsWith("reg")) {
                throw new SqlRejected("Casts to " + typeName + " reach the system catalogs and are not allowed.");
            }
        }

        private void checkTable(Table table) {
            if (table.getNameParts().size() > 2 || table.getDatabaseName() != null) {
                throw new SqlRejected(
                        "Cross-database references are not allowed (" + table.getFullyQualifiedName() + ").");
            }
            String tableName = identifier(table.getName());
            if (table.getSchemaName() != null) {
                if (!identifier(table.getSchemaName()).equals(datasetSchema)) {
                    throw new SqlRejected("Only this dataset's tables can be queried; " + table.getFullyQualifiedName()
                            + " is outside it.");
                }
            } else if (tableName.startsWith("pg_") && !cteNames.contains(tableName)) {
                // pg_catalog is always on the search path; its relations all start with pg_.
                throw new SqlRejected("System catalogs cannot be queried (" + table.getName() + ").");
            }
        }

        /** Column and t.* name a FROM item by its alias; the FROM item itself is checked where it is declared. */
        private static boolean isReferenceToFromItem(Object node, Field field) {
            return (node instanceof Column || node instanceof AllTableColumns)
                    && field.getName().equals("table");
        }

        private static List<Field> fieldsOf(Class<?> type) {
            try {
                return FIELDS.get(type);
            } catch (InaccessibleObjectException e) {
                throw SqlRejected.cannotValidate("it contains a construct the validator cannot inspect.");
            }
        }

        private static @Nullable Object read(Field field, Object node) {
            try {
                return field.get(node);
            } catch (IllegalAccessException e) {
                throw SqlRejected.cannotValidate("it contains a construct the validator cannot inspect.");
            }
        }
    }

    /**
     * The name PostgreSQL resolves: unquoted identifiers fold to lower case, quoted ones keep their case.
     */
    static String identifier(String raw) {
        if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
            return raw.substring(1, raw.length() - 1).replace("\"\"", "\"");
        }
        return raw.toLowerCase(Locale.ROOT);
    }
}
