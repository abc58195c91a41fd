package dev.analyst.execution.catalog;

import dev.analyst.contracts.dataset.WarehouseSchema;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class DatasetCatalogTests {

    private final DatasetCatalog catalog = new DatasetCatalog();

    private final UUID datasetId = UUID.randomUUID();

    @Test
    void findsAKnownDatasetAtOnce() {
        catalog.accept(entry("acme", 1));

        StepVerifier.create(catalog.find(datasetId, "acme", Duration.ofSeconds(5)))
                .expectNextMatches(entry -> entry.version() == 1)
                .verifyComplete();
    }

    @Test
    void waitsForADatasetThatArrivesAfterTheStep() {
        StepVerifier.create(catalog.find(datasetId, "acme", Duration.ofSeconds(5)))
                .then(() -> catalog.accept(entry("acme", 3)))
                .expectNextMatches(entry -> entry.version() == 3)
                .verifyComplete();
    }

    @Test
    void answersEmptyWhenTheDatasetNeverArrives() {
        StepVerifier.create(catalog.find(datasetId, "acme", Duration.ofMillis(50)))
                .verifyComplete();
    }

    @Test
    void treatsAnotherTenantsDatasetAsMissing() {
        catalog.accept(entry("globex", 1));

        StepVerifier.create(catalog.find(datasetId, "acme", Duration.ofMillis(50)))
                .verifyComplete();
    }

    @Test
    void keepsTheLatestVersionWhenOlderOnesAreReplayed() {
        catalog.accept(entry("acme", 2));
        catalog.accept(entry("acme", 1));

        StepVerifier.create(catalog.find(datasetId, "acme", Duration.ZERO))
                .expectNextMatches(entry -> entry.version() == 2)
                .verifyComplete();
    }

    @Test
    void forgetsADeletedDataset() {
        catalog.accept(entry("acme", 1));
        catalog.remove(datasetId);

        StepVerifier.create(catalog.find(datasetId, "acme", Duration.ofMillis(50)))
                .verifyComplete();
    }

    private CatalogEntry entry(String tenant, long version) {
        return new CatalogEntry(datasetId, tenant, version, new WarehouseSchema("warehouse_" + tenant));
    }
}
