package dev.analyst.execution.dashboard;

import dev.analyst.contracts.Topic;
import dev.analyst.contracts.dashboard.DashboardEvent;
import dev.analyst.contracts.dashboard.DashboardPublished;
import dev.analyst.execution.kafka.UnreadableEvent;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the whole compacted dashboards topic at every start, on all partitions, into the
 * {@link DashboardStore}, and follows it afterwards: whichever instance redraws a dataset next knows the
 * charts pinned to it.
 */
@Component
class DashboardStoreListener implements ConsumerSeekAware {

    private final DashboardStore store;

    private final JsonMapper mapper;

    DashboardStoreListener(DashboardStore store, JsonMapper mapper) {
        this.store = store;
        this.mapper = mapper;
    }

    @KafkaListener(
            id = "dashboard-store",
            groupId = "execution-service-dashboard-store",
            topicPartitions =
                    @org.springframework.kafka.annotation.TopicPartition(
                            topic = "#{T(dev.analyst.contracts.Topic).DASHBOARDS.topicName()}",
                            partitions = "0-" + (Topic.PARTITIONS - 1)))
    void onDashboardEvent(ConsumerRecord<String, @Nullable String> record) {
        try {
            String json = record.value();
            if (json == null) {
                forget(record.key());
                return;
            }
            switch (read(json)) {
                case DashboardPublished published -> store.accept(published);
            }
        } finally {
            store.read(record.partition(), record.offset());
        }
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        callback.seekToBeginning(assignments.keySet());
    }

    private DashboardEvent read(String json) {
        try {
            return mapper.readValue(json, DashboardEvent.class);
        } catch (JacksonException e) {
            throw new UnreadableEvent("Not a dashboard event: " + e.getOriginalMessage(), e);
        }
    }

    private void forget(@Nullable String key) {
        try {
            if (key != null) {
                store.remove(UUID.fromString(key));
            }
        } catch (IllegalArgumentException e) {
            throw new UnreadableEvent("A tombstone whose key is not a dataset id: " + key, e);
        }
    }
}
