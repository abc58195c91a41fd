package dev.analyst.agent.catalog;

import dev.analyst.agent.messaging.EventCodec;
import dev.analyst.contracts.dataset.DatasetReady;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The latest version of every dataset, per tenant: kept in the agent's schema so a restart plans
 * against the same catalog, and in memory so planning never waits on the database.
 */
@Component
public class DatasetCatalog implements SmartInitializingSingleton {

    private final DatabaseClient database;
    private final EventCodec codec;
    private final Map<UUID, DatasetReady> datasets = new ConcurrentHashMap<>();

    DatasetCatalog(DatabaseClient database, EventCodec codec) {
        this.database = database;
        this.codec = codec;
    }

    /** Loads the stored catalog once at startup, before any listener runs. */
    @Override
    public void afterSingletonsInstantiated() {
        database.sql("SELECT ready_event FROM dataset")
                .map(row -> codec.read(row.get("ready_event", String.class), DatasetReady.class))
                .all()
                .doOnNext(this::remember)
                .blockLast();
    }

    /** Records a dataset version unless a newer one is already known; replays change nothing. */
    public Mono<Void> record(DatasetReady ready) {
        return database.sql("""
                        INSERT INTO dataset (dataset_id, tenant_id, name, version, ready_event)
                        VALUES (:id, :tenant, :name, :version, :event)
                        ON CONFLICT (dataset_id) DO UPDATE
                           SET name = excluded.name, version = excluded.version,
                               ready_event = excluded.ready_event, updated_at = now()
                         WHERE dataset.version <= excluded.version""")
                .bind("id", ready.datasetId())
                .bind("tenant", ready.tenantId())
                .bind("name", ready.name())
                .bind("version", ready.version())
                .bind("event", codec.write(ready))
                .then()
                .doOnSuccess(ignored -> remember(ready));
    }

    private void remember(DatasetReady ready) {
        datasets.merge(
                ready.datasetId(),
                ready,
                (known, incoming) -> incoming.version() >= known.version() ? incoming : known);
    }

    /** The datasets a tenant can ask about, newest first. */
    public List<DatasetReady> visibleTo(String tenantId) {
        return datasets.values().stream()
                .filter(dataset -> dataset.tenantId().equals(tenantId))
                .sorted(Comparator.comparing(DatasetReady::occurredAt).reversed())
                .toList();
    }
}
