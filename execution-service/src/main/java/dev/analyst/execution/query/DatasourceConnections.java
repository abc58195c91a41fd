package dev.analyst.execution.query;

import dev.analyst.contracts.dataset.ExternalPostgres;
import dev.analyst.contracts.dataset.SecretBox;
import dev.analyst.contracts.dataset.WarehouseReader;
import dev.analyst.contracts.dataset.WarehouseSchema;
import dev.analyst.execution.ExecutionProperties;
import dev.analyst.execution.catalog.CatalogEntry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.postgresql.client.SSLMode;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Where a dataset's queries go: a small pool per tenant that logs in to the warehouse as the tenant's
 * read-only role ({@link WarehouseReader}), or a small pool per connected external PostgreSQL database.
 * Both are created on first use. The service's own warehouse login runs no dataset query.
 */
@Component
class DatasourceConnections implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DatasourceConnections.class);

    private final ConnectionFactory warehouse;

    private final SecretBox secrets;

    private final ExecutionProperties.External settings;

    private final Map<ExternalKey, ConnectionPool> externalPools = new ConcurrentHashMap<>();

    private final Map<String, ConnectionPool> readerPools = new ConcurrentHashMap<>();

    private final ConnectionFactoryOptions warehouseOptions;

    private final int perTenant;

    DatasourceConnections(
            ConnectionFactory warehouse,
            SecretBox secrets,
            ExecutionProperties properties,
            R2dbcProperties warehouseProperties) {
        this.warehouse = warehouse;
        this.secrets = secrets;
        this.settings = properties.external();
        this.perTenant = properties.bulkhead().perTenant();
        var url = warehouseProperties.getUrl();
        if (url == null) {
            throw new IllegalStateException("spring.r2dbc.url must name the warehouse database");
        }
        this.warehouseOptions = ConnectionFactoryOptions.parse(url);
    }

    ConnectionFactory forDataset(CatalogEntry dataset) {
        return switch (dataset.location()) {
            case WarehouseSchema ignored -> readerPools.computeIfAbsent(dataset.tenantId(), this::readerPool);
            case ExternalPostgres external -> externalPools.computeIfAbsent(ExternalKey.of(external), this::pool);
        };
    }

    private ConnectionPool readerPool(String tenantId) {
        var reader = WarehouseReader.of(tenantId);
        // The warehouse URL's own options (TLS mode and the like) stay; only the login changes.
        var options = warehouseOptions
                .mutate()
                .option(ConnectionFactoryOptions.USER, reader.role())
                .option(ConnectionFactoryOptions.PASSWORD, reader.password(secrets))
                .option(ConnectionFactoryOptions.CONNECT_TIMEOUT, settings.connectTimeout())
                .option(PostgresqlConnectionFactoryProvider.APPLICATION_NAME, "analyst-execution")
                .option(PostgresqlConnectionFactoryProvider.PREPARED_STATEMENT_CACHE_QUERIES, 0)
                .option(PostgresqlConnectionFactoryProvider.OPTIONS, Map.of("default_transaction_read_only", "on"))
                .build();
        // The tenant's lane never runs more queries at once than this.
        return pooled(ConnectionFactories.get(options), "reader-" + tenantId, perTenant);
    }

    private ConnectionPool pool(ExternalKey key) {
        // Opened now so a bad secret fails the step clearly; connections reopen it as they are made.
        secrets.open(key.sealedPassword());
        var configuration = PostgresqlConnectionConfiguration.builder()
                .host(key.host())
                .port(key.port())
                .database(key.database())
                .username(key.username())
                .password(() -> secrets.open(key.sealedPassword()))
                .applicationName("analyst-execution")
                .connectTimeout(settings.connectTimeout())
                .sslMode(SSLMode.PREFER)
                // Model-written SQL rarely repeats; named prepared statements would pile up on the server.
                .preparedStatementCacheQueries(0)
                .options(Map.of("default_transaction_read_only", "on"))
                .build();
        return pooled(
                new PostgresqlConnectionFactory(configuration),
                "external-" + key.host() + "-" + key.database(),
                settings.maxConnections());
    }

    /** A small pool opened on first use, whose idle connections close after a while. */
    private ConnectionPool pooled(ConnectionFactory factory, String name, int maxSize) {
        return new ConnectionPool(ConnectionPoolConfiguration.builder(factory)
                .name(name)
                .initialSize(0)
                .maxSize(maxSize)
                .maxIdleTime(settings.maxIdleTime())
                .maxAcquireTime(settings.connectTimeout().plus(Duration.ofSeconds(10)))
                .build());
    }

    /** Opens the warehouse pool's first connections now, so the first step does not pay for them. */
    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        if (warehouse instanceof ConnectionPool pool) {
            pool.warmup()
                    .subscribe(
                            opened -> log.debug("Opened {} warehouse connections", opened),
                            failure -> log.warn("The warehouse is not reachable yet: {}", failure.getMessage()));
        }
    }

    @Override
    public void destroy() {
        externalPools.values().forEach(ConnectionPool::dispose);
        externalPools.clear();
        readerPools.values().forEach(ConnectionPool::dispose);
        readerPools.clear();
    }

    /** One pool per database and credentials, whatever schema a dataset uses in it. */
    private record ExternalKey(String host, int port, String database, String username, String sealedPassword) {

        static ExternalKey of(ExternalPostgres location) {
            return new ExternalKey(
                    location.host(),
                    location.port(),
                    location.database(),
                    location.username(),
                    location.sealedPassword());
        }

        @Override
        public String toString() {
            return "ExternalKey[" + username + "@" + host + ":" + port + "/" + database + "]";
        }
    }
}
