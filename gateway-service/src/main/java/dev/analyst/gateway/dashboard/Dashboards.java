package dev.analyst.gateway.dashboard;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.dashboard.ChartPinned;
import dev.analyst.contracts.dashboard.DashboardPublished;
import dev.analyst.contracts.dashboard.DashboardRequested;
import dev.analyst.gateway.auth.Caller;
import dev.analyst.gateway.outbox.Outbox;
import dev.analyst.gateway.outbox.OutboxRelay;
import dev.analyst.gateway.run.RunNotFound;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The datasets' dashboards as the gateway keeps them (the latest per dataset) and the commands that change
 * them, published through the outbox. A dataset's dashboard is only ever the tenant's that owns it.
 */
@Service
class Dashboards {

    /** Chart types that draw nothing worth pinning. */
    private static final Set<String> NOT_CHARTS = Set.of("", "none", "table");

    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final JsonMapper mapper;

    Dashboards(
            DatabaseClient db,
            TransactionalOperator transactions,
            Outbox outbox,
            OutboxRelay relay,
            JsonMapper mapper) {
        this.db = db;
        this.transactions = transactions;
        this.outbox = outbox;
        this.relay = relay;
        this.mapper = mapper;
    }

    /**
     * Keeps the dashboard unless the stored one is of a later version, or of the same version and drawn
     * later: records may be redelivered or replayed, never to go back in time.
     *
     * @param dashboard the dashboard's JSON as published
     */
    Mono<Void> store(DashboardPublished published, String dashboard) {
        return db.sql("""
                        insert into dashboards (dataset_id, tenant_id, dataset_version, published_at, event_id, dashboard)
                        values (:datasetId, :tenant, :version, :publishedAt, :eventId, cast(:dashboard as json))
                        on conflict (dataset_id) do update
                           set tenant_id = excluded.tenant_id,
                               dataset_version = excluded.dataset_version,
                               published_at = excluded.published_at,
                               event_id = excluded.event_id,
                               dashboard = excluded.dashboard,
                               updated_at = now()
                         where (dashboards.dataset_version, dashboards.published_at)
                               <= (excluded.dataset_version, excluded.published_at)
                        """)
                .bind("datasetId", published.datasetId())
                .bind("tenant", published.dashboard().tenantId())
                .bind("version", published.dashboard().datasetVersion())
                .bind("publishedAt", published.occurredAt())
                .bind("eventId", published.eventId())
                .bind("dashboard", dashboard)
                .fetch()
                .rowsUpdated()
                .then();
    }

    /** Forgets a deleted dataset's dashboard (a tombstone on the compacted topic). */
    Mono<Void> remove(UUID datasetId) {
        return db.sql("delete from dashboards where dataset_id = :datasetId")
                .bind("datasetId", datasetId)
                .fetch()
                .rowsUpdated()
                .then();
    }

    /** The dashboard, if the dataset is the caller's tenant's and has one. */
    Mono<StoredDashboard> find(Caller caller, UUID datasetId) {
        return db.sql("""
                        select dashboard::text as dashboard, event_id, published_at
                          from dashboards where dataset_id = :datasetId and tenant_id = :tenant
                        """)
                .bind("datasetId", datasetId)
                .bind("tenant", caller.tenantId())
                .map((row, metadata) -> new StoredDashboard(
                        row.get("dashboard", String.class),
                        row.get("event_id", UUID.class),
                        row.get("published_at", Instant.class)))
                .one()
                .switchIfEmpty(Mono.error(() -> new DashboardNotFound(datasetId)));
    }

    /** Asks execution to draw the dashboard again from the dataset's current profile. */
    Mono<Void> regenerate(Caller caller, UUID datasetId) {
        return find(caller, datasetId)
                .then(outbox.append(
                        new DashboardRequested(UUID.randomUUID(), Instant.now(), datasetId, caller.tenantId())))
                .as(transactions::transactional)
                .doOnSuccess(ignored -> relay.wake());
    }

    /** Pins the chart of one of the caller's answered runs to the dashboard of the dataset it was drawn from. */
    Mono<Void> pin(Caller caller, UUID runId) {
        return db.sql("""
                        select r.dataset_id, r.question, m.metadata ->> 'sql' as sql, (m.metadata -> 'chart')::text as chart
                          from runs r
                          join messages m on m.run_id = r.run_id and m.role = 'assistant'
                         where r.run_id = :runId and r.tenant_id = :tenant and r.user_id = :user and r.status = 'completed'
                        """)
                .bind("runId", runId)
                .bind("tenant", caller.tenantId())
                .bind("user", caller.userId())
                .map((row, metadata) -> new Answer(
                        row.get("dataset_id", UUID.class),
                        row.get("question", String.class),
                        row.get("sql", String.class),
                        row.get("chart", String.class)))
                .one()
                .switchIfEmpty(Mono.error(() -> new RunNotFound(runId)))
                .flatMap(answer -> outbox.append(pinned(caller, runId, answer)))
                .as(transactions::transactional)
                .doOnSuccess(ignored -> relay.wake());
    }

    private ChartPinned pinned(Caller caller, UUID runId, Answer answer) {
        ChartSpec chart = answer.chart() == null || answer.chart().equals("null")
                ? null
                : mapper.readValue(answer.chart(), ChartSpec.class);
        if (answer.datasetId() == null
                || answer.sql() == null
                || answer.sql().isBlank()
                || chart == null
                || NOT_CHARTS.contains(chart.type())) {
            throw new AnswerWithoutChart(runId);
        }
        String title = chart.title().isBlank() ? answer.question() : chart.title();
        return new ChartPinned(
                UUID.randomUUID(),
                Instant.now(),
                answer.datasetId(),
                caller.tenantId(),
                runId,
                title,
                answer.sql(),
                chart);
    }

    /**
     * A dashboard as stored: its JSON as published, and which publication it is.
     *
     * @param eventId the {@code DashboardPublished} that drew it, new with every drawing
     */
    record StoredDashboard(String json, UUID eventId, Instant publishedAt) {}

    /** What the gateway kept of an answered run. */
    private record Answer(
            @Nullable UUID datasetId,
            String question,
            @Nullable String sql,
            @Nullable String chart) {}
}
