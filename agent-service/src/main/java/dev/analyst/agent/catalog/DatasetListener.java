package dev.analyst.agent.catalog;

import dev.analyst.agent.messaging.EventCodec;
import dev.analyst.contracts.dataset.DatasetEvent;
import dev.analyst.contracts.dataset.DatasetFailed;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.IngestionProgressed;
import java.time.Duration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Keeps the catalog current from the dataset topic. */
@Component
class DatasetListener {

    private final DatasetCatalog catalog;
    private final EventCodec codec;

    DatasetListener(DatasetCatalog catalog, EventCodec codec) {
        this.catalog = catalog;
        this.codec = codec;
    }

    @KafkaListener(topics = "analyst.datasets.v1", groupId = "agent-service-catalog")
    void on(String json) {
        switch (codec.read(json, DatasetEvent.class)) {
            case DatasetReady ready -> catalog.record(ready).block(Duration.ofSeconds(30));
            case IngestionProgressed ignored -> {}
            case DatasetFailed ignored -> {}
        }
    }
}
