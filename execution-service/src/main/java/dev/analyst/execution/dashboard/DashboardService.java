package dev.analyst.execution.dashboard;

import dev.analyst.contracts.dashboard.ChartPinned;
import dev.analyst.contracts.dashboard.ChartTile;
import dev.analyst.contracts.dashboard.Dashboard;
import dev.analyst.contracts.dashboard.DashboardCommand;
import dev.analyst.contracts.dashboard.DashboardPublished;
import dev.analyst.contracts.dashboard.DashboardRequested;
import dev.analyst.contracts.dashboard.DashboardTile;
import dev.analyst.contracts.dashboard.Grid;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.execution.ExecutionProperties;
import dev.analyst.execution.catalog.CatalogEntry;
import dev.analyst.execution.catalog.DatasetCatalog;
import dev.analyst.execution.kafka.EventPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Keeps every dataset's dashboard current: drawn for each new version, redrawn on request, and given
 * the charts users pin, which every redraw keeps. Each change publishes the whole dashboard on the
 * compacted dashboards topic. Redelivered versions and pins change nothing.
 */
@Service
class DashboardService {

    private static final Logger log = LoggerFactory.getLogger(DashboardService.class);

    /** How long a change waits for the dashboards published before a restart to be read back. */
    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private final DatasetCatalog catalog;

    private final DashboardStore store;

    private final DashboardGenerator generator;

    private final DashboardHydrator hydrator;

    private final EventPublisher events;

    private final Duration datasetWait;

    DashboardService(
            DatasetCatalog catalog,
            DashboardStore store,
            DashboardGenerator generator,
            DashboardHydrator hydrator,
            EventPublisher events,
            ExecutionProperties properties) {
        this.catalog = catalog;
        this.store = store;
        this.generator = generator;
        this.hydrator = hydrator;
        this.events = events;
        this.datasetWait = properties.datasetWait();
    }

    /** Draws the dashboard of a new version, unless one of this version or a later one exists. */
    Mono<Void> versionReady(DatasetReady ready) {
        CatalogEntry dataset = CatalogEntry.of(ready);
        return store.caughtUp(CATCH_UP).then(Mono.defer(() -> {
            Optional<Dashboard> previous = previous(dataset);
            if (previous.filter(known -> known.datasetVersion() >= dataset.version())
                    .isPresent()) {
                log.debug("Dataset {} version {} already has its dashboard", dataset.datasetId(), dataset.version());
                return Mono.empty();
            }
            return redraw(dataset, pinned(previous));
        }));
    }

    /** Regenerates or pins, for the command's tenant only: another tenant's dataset is ignored. */
    Mono<Void> handle(DashboardCommand command) {
        return catalog.find(command.datasetId(), command.tenantId(), datasetWait)
                .switchIfEmpty(Mono.fromRunnable(() -> log.warn(
                        "Ignoring {} {}: dataset {} is not tenant {}'s, or not known",
                        command.getClass().getSimpleName(),
                        command.eventId(),
                        command.datasetId(),
                        command.tenantId())))
                .flatMap(dataset -> store.caughtUp(CATCH_UP).then(Mono.defer(() -> switch (command) {
                    case DashboardRequested ignored -> redraw(dataset, pinned(previous(dataset)));
                    case ChartPinned pin -> pin(dataset, pin);
                })));
    }

    @SuppressWarnings("ConstantValue") // JSON may omit the title.
    private Mono<Void> pin(CatalogEntry dataset, ChartPinned pin) {
        Optional<Dashboard> previous = previous(dataset);
        List<ChartTile> pinned = pinned(previous);
        // The contract's tiles do not carry the run, so a pin is known again by what it draws.
        if (pinned.stream()
                .anyMatch(tile -> tile.sql().equals(pin.sql()) && tile.chart().equals(pin.chart()))) {
            log.debug("Run {}'s chart is already pinned to dataset {}", pin.runId(), dataset.datasetId());
            return Mono.empty();
        }
        String title =
                pin.title() == null || pin.title().isBlank() ? pin.chart().title() : pin.title();
        var tile = new ChartTile(title, pin.sql(), pin.chart(), null, true, new Grid(0, 0, 1, 1), null);
        Optional<Dashboard> current = previous.filter(known -> known.datasetVersion() == dataset.version());
        if (current.isEmpty()) {
            var withPin = new ArrayList<>(pinned);
            withPin.add(tile);
            return redraw(dataset, withPin);
        }
        // The other tiles are drawn for this version already: draw the new one alone.
        return hydrator.hydrate(dataset, List.of(tile)).flatMap(drawn -> {
            Dashboard dashboard = current.get();
            var tiles = new ArrayList<DashboardTile>(dashboard.tiles());
            tiles.addAll(drawn);
            return publish(new Dashboard(
                    dashboard.datasetId(),
                    dashboard.tenantId(),
                    dashboard.datasetVersion(),
                    dashboard.title(),
                    DashboardLayout.arrange(tiles)));
        });
    }

    private Mono<Void> redraw(CatalogEntry dataset, List<ChartTile> pinned) {
        return hydrator.hydrate(dataset, generator.generate(dataset, pinned)).flatMap(this::publish);
    }

    private Mono<Void> publish(Dashboard dashboard) {
        var published = new DashboardPublished(UUID.randomUUID(), Instant.now(), dashboard.datasetId(), dashboard);
        return events.publish(published).doOnSuccess(sent -> {
            store.accept(published);
            log.info(
                    "Published the dashboard of dataset {} version {} with {} tiles",
                    dashboard.datasetId(),
                    dashboard.datasetVersion(),
                    dashboard.tiles().size());
        });
    }

    /** The dataset's current dashboard, if it is the same tenant's. */
    private Optional<Dashboard> previous(CatalogEntry dataset) {
        return store.current(dataset.datasetId())
                .filter(known -> known.tenantId().equals(dataset.tenantId()));
    }

    private static List<ChartTile> pinned(Optional<Dashboard> dashboard) {
        return dashboard.stream()
                .flatMap(known -> known.tiles().stream())
                .filter(tile -> tile instanceof ChartTile chart && chart.pinned())
                .map(ChartTile.class::cast)
                .toList();
    }
}
