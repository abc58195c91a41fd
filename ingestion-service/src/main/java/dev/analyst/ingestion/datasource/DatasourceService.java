package dev.analyst.ingestion.datasource;

import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.ExternalPostgres;
import dev.analyst.contracts.dataset.SecretBox;
import dev.analyst.ingestion.BlockingWork;
import dev.analyst.ingestion.IngestionProperties;
import dev.analyst.ingestion.dataset.DatasetNameTaken;
import dev.analyst.ingestion.dataset.DatasetNames;
import dev.analyst.ingestion.dataset.DatasetNotFound;
import dev.analyst.ingestion.dataset.DatasetRegistry;
import dev.analyst.ingestion.dataset.DatasetRow;
import dev.analyst.ingestion.dataset.TableView;
import dev.analyst.ingestion.events.Outbox;
import dev.analyst.ingestion.web.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Connects external PostgreSQL databases as datasets: egress check, introspection over a short-lived
 * JDBC connection, then the registry, the sealed credentials and the {@code DatasetReady} outbox row
 * in one transaction.
 */
@Service
class DatasourceService {

    private static final Logger log = LoggerFactory.getLogger(DatasourceService.class);

    private final EgressPolicy egress;
    private final SchemaIntrospector introspector;
    private final SecretBox secrets;
    private final DatasetRegistry registry;
    private final DatasourceRepository datasources;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final IngestionProperties.Datasource settings;
    private final Scheduler blocking;
    private final MeterRegistry meters;

    DatasourceService(
            IngestionProperties properties,
            SecretBox secrets,
            DatasetRegistry registry,
            DatasourceRepository datasources,
            Outbox outbox,
            TransactionTemplate transactions,
            @Qualifier(BlockingWork.SCHEDULER) Scheduler blocking,
            MeterRegistry meters) {
        this.egress = new EgressPolicy(properties.egress().allow());
        this.introspector = new SchemaIntrospector(properties.datasource(), properties.load());
        this.secrets = secrets;
        this.registry = registry;
        this.datasources = datasources;
        this.outbox = outbox;
        this.transactions = transactions;
        this.settings = properties.datasource();
        this.blocking = blocking;
        this.meters = meters;
    }

    Mono<DatasourceView> register(Caller caller, DatasourceRequest request) {
        return Mono.fromCallable(() -> registerBlocking(caller, request))
                .subscribeOn(blocking)
                .doOnSuccess(view -> count("registered"))
                .doOnError(error -> count(
                        error instanceof EgressRefused
                                ? "refused"
                                : error instanceof ErrorResponseException ? "rejected" : "failed"));
    }

    /**
     * Introspects a connected database again, as a new version of its dataset: the same egress check,
     * the stored credentials, a new catalog in {@code DatasetReady}.
     *
     * @throws DatasetNotFound (as an error signal) when the datasource is not the caller's
     */
    Mono<DatasourceView> refresh(Caller caller, UUID id) {
        return Mono.fromCallable(() -> {
                    var stored = datasources.find(caller.tenantId(), id).orElseThrow(() -> new DatasetNotFound(id));
                    return registerBlocking(caller, stored.open(secrets));
                })
                .subscribeOn(blocking)
                .doOnSuccess(view -> count("refreshed"));
    }

    Mono<List<DatasourceView>> list(Caller caller) {
        return Mono.fromCallable(() -> datasources.list(caller.tenantId())).subscribeOn(blocking);
    }

    private DatasourceView registerBlocking(Caller caller, DatasourceRequest request) {
        var name = DatasetNames.validate(request.name());
        var addresses = egress.check(request.bareHost());
        var tables = introspect(addresses.getFirst(), request);
        var sealed = secrets.seal(request.password());
        var view = transactions.execute(status -> save(caller, name, request, sealed, tables));
        if (view == null) {
            throw new IllegalStateException("The registration transaction returned nothing");
        }
        log.info(
                "Registered datasource {} version {} for tenant {}: {} tables",
                view.id(),
                view.version(),
                caller.tenantId(),
                tables.size());
        return view;
    }

    private List<TableView> introspect(InetAddress address, DatasourceRequest request) {
        try (var connection = connect(address, request)) {
            return introspector.describe(connection, request.schemaName());
        } catch (SQLException e) {
            // The SQLSTATE decides the message; the server's text (banner, version) is not passed on.
            log.info("Datasource {} unreachable: SQLSTATE {}", request, e.getSQLState());
            throw DatasourceUnreachable.fromSqlState(e.getSQLState() == null ? "" : e.getSQLState());
        }
    }

    /** A connection to the checked address itself, so DNS cannot answer differently a second time. */
    private Connection connect(InetAddress address, DatasourceRequest request) throws SQLException {
        var literal = address instanceof Inet6Address
                ? "[" + stripScope(address.getHostAddress()) + "]"
                : address.getHostAddress();
        var url = "jdbc:postgresql://" + literal + ":" + request.port() + "/"
                + URLEncoder.encode(request.database(), StandardCharsets.UTF_8);
        var properties = new Properties();
        properties.setProperty("user", request.username());
        properties.setProperty("password", request.password());
        long connectSeconds = Math.max(1, settings.connectTimeout().toSeconds());
        properties.setProperty("connectTimeout", Long.toString(connectSeconds));
        properties.setProperty("loginTimeout", Long.toString(connectSeconds));
        properties.setProperty(
                "socketTimeout", Long.toString(settings.statementTimeout().toSeconds() + 5));
        properties.setProperty("ApplicationName", "analyst-ingestion");
        properties.setProperty("readOnly", "true");
        var connection = new Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("The driver refused the URL", "08001");
        }
        connection.setAutoCommit(true);
        return connection;
    }

    private DatasourceView save(
            Caller caller, String name, DatasourceRequest request, String sealed, List<TableView> tables) {
        registry.lockTenant(caller.tenantId());
        var current = registry.findByName(caller.tenantId(), name, true);
        if (current.isPresent() && !current.get().kind().equals(DatasetRow.POSTGRES)) {
            throw new DatasetNameTaken(name, current.get().kind());
        }
        var id = current.map(DatasetRow::id).orElseGet(UUID::randomUUID);
        long version = current.map(row -> row.version() + 1).orElse(1L);
        var now = Instant.now();
        var createdAt = current.map(DatasetRow::createdAt).orElse(now);
        var ready = new DatasetReady(
                UUID.randomUUID(),
                now,
                id,
                caller.tenantId(),
                name,
                version,
                new ExternalPostgres(
                        request.host(),
                        request.port(),
                        request.database(),
                        request.schemaName(),
                        request.username(),
                        sealed),
                tables.stream().map(TableView::toSchema).toList());
        var payload = outbox.append(ready);
        long rows = tables.stream()
                .mapToLong(table -> Math.max(0, table.rowCount()))
                .sum();
        registry.save(new DatasetRow(
                id,
                caller.tenantId(),
                name,
                DatasetRow.POSTGRES,
                version,
                DatasetRow.READY,
                request.schemaName(),
                null,
                null,
                rows,
                tables,
                payload,
                current.map(DatasetRow::createdBy).orElse(caller.userId()),
                createdAt,
                now));
        datasources.save(id, caller.tenantId(), name, request, sealed, createdAt, now);
        return new DatasourceView(
                id,
                name,
                DatasetRow.POSTGRES,
                request.host(),
                request.port(),
                request.database(),
                request.schemaName(),
                request.username(),
                version,
                tables,
                createdAt,
                now);
    }

    private void count(String outcome) {
        meters.counter("analyst.ingestion.datasources", "outcome", outcome).increment();
    }

    private static String stripScope(String address) {
        int percent = address.indexOf('%');
        return percent < 0 ? address : address.substring(0, percent);
    }
}
