package dev.analyst.execution.query;

import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.dataset.SecretBox;
import dev.analyst.contracts.step.StepError;
import dev.analyst.execution.ExecutionProperties;
import dev.analyst.execution.catalog.CatalogEntry;
import dev.analyst.execution.sql.ValidatedSql;
import io.r2dbc.postgresql.api.PostgresTransactionDefinition;
import io.r2dbc.spi.ColumnMetadata;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.TransactionDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs validated SQL against a dataset: when its tenant's lane lets it start, as the tenant's read-only
 * login, in a READ ONLY transaction whose {@code statement_timeout} and {@code search_path} are set
 * locally, after the cost gate passed it, over the extended query protocol, fetching at most one row
 * more than the cap so it knows whether the result was cut.
 */
@Component
public class QueryRunner {

    // Settings travel as bind parameters, never spliced into SQL text; is_local=true is SET LOCAL.
    private static final String CONFIGURE_TRANSACTION = "SELECT set_config('statement_timeout', $1, true),"
            + " set_config('search_path', $2, true),"
            + " set_config('standard_conforming_strings', 'on', true)";

    private static final TransactionDefinition READ_ONLY = PostgresTransactionDefinition.mutability(false);

    /** How long past the server's timeout the client waits before giving up on the database itself. */
    private static final Duration CLIENT_GRACE = Duration.ofSeconds(5);

    private final DatasourceConnections connections;

    private final QueryLanes lanes;

    private final CostGate costGate;

    private final Duration statementTimeout;

    QueryRunner(
            DatasourceConnections connections, QueryLanes lanes, CostGate costGate, ExecutionProperties properties) {
        this.connections = connections;
        this.lanes = lanes;
        this.costGate = costGate;
        this.statementTimeout = properties.statementTimeout();
    }

    /**
     * The first {@code rowLimit} rows of the query's result, marked truncated when there were more.
     *
     * @throws QueryFailed (as the error signal) when the database refuses or cancels the query
     */
    public Mono<ResultTable> run(CatalogEntry dataset, ValidatedSql sql, int rowLimit) {
        Mono<ResultTable> query = Mono.defer(() -> {
                    ConnectionFactory factory = connections.forDataset(dataset);
                    return Mono.usingWhen(
                            factory.create(),
                            connection -> query(connection, dataset.location().schema(), sql.sql(), rowLimit),
                            connection -> end(connection, Connection::commitTransaction),
                            (connection, error) -> end(connection, Connection::rollbackTransaction),
                            connection -> end(connection, Connection::rollbackTransaction));
                })
                // Timed from when the query may start, not while it waits for its tenant's turn.
                .timeout(statementTimeout.plus(CLIENT_GRACE));
        return lanes.run(dataset.tenantId(), query)
                .onErrorMap(R2dbcException.class, e -> SqlStates.toQueryFailed(e, statementTimeout))
                .onErrorMap(
                        TimeoutException.class,
                        e -> new QueryFailed(StepError.TIMEOUT, "The database did not answer in time."))
                .onErrorMap(
                        SecretBox.SealBroken.class,
                        e -> new QueryFailed(
                                StepError.INTERNAL,
                                "The datasource's stored credentials cannot be opened; connect it again."));
    }

    private Mono<ResultTable> query(Connection connection, String schema, String sql, int rowLimit) {
        var configure = connection
                .createStatement(CONFIGURE_TRANSACTION)
                .bind("$1", Long.toString(Math.max(1, statementTimeout.toMillis())))
                .bind("$2", quoteIdentifier(schema));
        var columns = new AtomicReference<List<ResultColumn>>(List.of());
        // A fetch size makes the driver use the extended protocol (one statement, no multi-command
        // strings) and lets the server stop after the rows we keep.
        var query = connection.createStatement(sql).fetchSize(rowLimit + 1);
        return Mono.from(connection.beginTransaction(READ_ONLY))
                .thenMany(Flux.from(configure.execute()).concatMap(result -> result.map((row, metadata) -> 1)))
                .then(costGate.check(connection, sql))
                .thenMany(Flux.from(query.execute())
                        .concatMap(result -> result.map((row, metadata) -> values(row, metadata, columns))))
                .take(rowLimit + 1, true)
                .collectList()
                .map(rows -> new ResultTable(
                        columns.get(),
                        rows.size() > rowLimit ? rows.subList(0, rowLimit) : rows,
                        rows.size() > rowLimit));
    }

    private static List<@Nullable Object> values(
            Row row, RowMetadata metadata, AtomicReference<List<ResultColumn>> columns) {
        List<? extends ColumnMetadata> described = metadata.getColumnMetadatas();
        if (columns.get().isEmpty()) {
            columns.set(described.stream()
                    .map(column -> new ResultColumn(
                            column.getName(),
                            JsonValues.typeName(column.getType().getName())))
                    .toList());
        }
        var values = new ArrayList<@Nullable Object>(described.size());
        for (int i = 0; i < described.size(); i++) {
            values.add(JsonValues.of(read(row, i, described.get(i).getName())));
        }
        return values;
    }

    private static @Nullable Object read(Row row, int index, String column) {
        try {
            return row.get(index);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // A type the driver has no codec for (an enum, a domain, an extension type): try its text form.
            try {
                return row.get(index, String.class);
            } catch (RuntimeException unreadable) {
                throw new QueryFailed(
                        StepError.TYPE_MISMATCH,
                        "Column " + column + " has a type that cannot be read; cast it to text (" + column
                                + "::text).");
            }
        }
    }

    private static Mono<Void> end(Connection connection, Function<Connection, Publisher<Void>> ending) {
        return Mono.from(ending.apply(connection))
                .onErrorResume(e -> Mono.empty())
                .then(Mono.from(connection.close()));
    }

    /** A schema name as a quoted identifier, so no name can add a second schema or a command. */
    static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
