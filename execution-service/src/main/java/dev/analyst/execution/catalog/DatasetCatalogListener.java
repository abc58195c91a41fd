package dev.analyst.execution.catalog;

import dev.analyst.contracts.Topic;
import dev.analyst.contracts.dataset.DatasetEvent;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.execution.kafka.UnreadableEvent;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the whole compacted datasets topic at every start. Every instance needs every dataset (steps are
 * partitioned by run, not by dataset), so it assigns itself all partitions instead of sharing them in a
 * consumer group, and seeks to the beginning whenever they are assigned.
 */
@Component
class DatasetCatalogListener implements ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(DatasetCatalogListener.class);

    private final DatasetCatalog catalog;

    private final JsonMapper mapper;

    DatasetCatalogListener(DatasetCatalog catalog, JsonMapper mapper) {
        this.catalog = catalog;
        this.mapper = mapper;
    }

    @KafkaListener(
            id = "dataset-catalog",
            groupId = "execution-service-catalog",
            topicPartitions =
                    @org.springframework.kafka.annotation.TopicPartition(
                            topic = "#{T(dev.analyst.contracts.Topic).DATASETS.topicName()}",
                            partitions = "0-" + (Topic.PARTITIONS - 1)))
    void onDatasetEvent(ConsumerRecord<String, @Nullable String> record) {
        String json = record.value();
        if (json == null) {
            forget(record.key());
            return;
        }
        switch (read(json)) {
            case DatasetReady ready -> {
                catalog.accept(CatalogEntry.of(ready));
                log.debug("Dataset {} version {} is ready", ready.datasetId(), ready.version());
            }
        }
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        callback.seekToBeginning(assignments.keySet());
    }

    private DatasetEvent read(String json) {
        try {
            return mapper.readValue(json, DatasetEvent.class);
        } catch (JacksonException e) {
            throw new UnreadableEvent("Not a dataset event: " + e.getOriginalMessage(), e);
        }
    }

    private void forget(@Nullable String key) {
        try {
            if (key != null) {
                catalog.remove(UUID.fromString(key));
            }
        } catch (IllegalArgumentException e) {
            throw new UnreadableEvent("A tombstone whose key is not a dataset id: " + key, e);
        }
    }
}
