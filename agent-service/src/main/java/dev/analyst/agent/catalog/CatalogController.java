package dev.analyst.agent.catalog;

import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the agent can plan against for a tenant. Internal: not routed by the gateway; the launcher
 * uses it to wait until the sample datasets can be asked about.
 */
@RestController
class CatalogController {

    record DatasetSummary(UUID id, String name, long version, List<String> tables) {}

    private final DatasetCatalog catalog;

    CatalogController(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/internal/catalog/{tenantId}")
    List<DatasetSummary> datasets(@PathVariable String tenantId) {
        return catalog.visibleTo(tenantId).stream()
                .map(dataset -> new DatasetSummary(
                        dataset.datasetId(),
                        dataset.name(),
                        dataset.version(),
                        dataset.tables().stream().map(table -> table.name()).toList()))
                .toList();
    }
}
