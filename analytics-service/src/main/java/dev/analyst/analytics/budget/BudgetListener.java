package dev.analyst.analytics.budget;

import dev.analyst.contracts.Topic;
import dev.analyst.contracts.budget.BudgetEvent;
import dev.analyst.contracts.budget.BudgetSet;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Reads the whole compacted budgets topic at every start into the {@link BudgetTable}, and follows it. */
@Component
class BudgetListener implements ConsumerSeekAware {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final BudgetTable table;
    private final JsonMapper mapper;

    BudgetListener(BudgetTable table, JsonMapper mapper) {
        this.table = table;
        this.mapper = mapper;
    }

    @KafkaListener(
            id = "budget-table",
            groupId = "analytics-service-budgets",
            topicPartitions =
                    @org.springframework.kafka.annotation.TopicPartition(
                            topic = "analyst.budgets.v1",
                            partitions = "0-" + (Topic.PARTITIONS - 1)))
    void on(ConsumerRecord<String, @Nullable String> record) {
        var json = record.value();
        var written = json == null
                ? table.lift(record.key())
                : switch (mapper.readValue(json, BudgetEvent.class)) {
                    case BudgetSet set -> table.set(set);
                };
        written.block(PATIENCE);
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        callback.seekToBeginning(assignments.keySet());
    }
}
