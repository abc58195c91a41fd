package dev.analyst.agent.catalog;

import dev.analyst.agent.messaging.EventCodec;
import dev.analyst.contracts.Topic;
import dev.analyst.contracts.dataset.DatasetEvent;
import dev.analyst.contracts.dataset.DatasetReady;
import java.time.Duration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.TopicPartition;
import org.springframework.stereotype.Component;

/**
 * Keeps the catalog current from the dataset topic. Every agent instance plans for every tenant, so each
 * reads all partitions itself rather than sharing them in a consumer group; the group only stores where
 * reading resumes, which is safe because recording a dataset twice changes nothing.
 */
@Component
class DatasetListener {

    private final DatasetCatalog catalog;
    private final EventCodec codec;

    DatasetListener(DatasetCatalog catalog, EventCodec codec) {
        this.catalog = catalog;
        this.codec = codec;
    }

    @KafkaListener(
            groupId = "agent-service-catalog",
            topicPartitions =
                    @TopicPartition(topic = "analyst.datasets.v1", partitions = "0-" + (Topic.PARTITIONS - 1)))
    void on(String json) {
        switch (codec.read(json, DatasetEvent.class)) {
            case DatasetReady ready -> catalog.record(ready).block(Duration.ofSeconds(30));
        }
    }
}
