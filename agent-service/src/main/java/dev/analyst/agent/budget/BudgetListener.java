package dev.analyst.agent.budget;

import dev.analyst.agent.messaging.EventCodec;
import dev.analyst.contracts.Topic;
import dev.analyst.contracts.budget.BudgetEvent;
import dev.analyst.contracts.budget.BudgetSet;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Reads the whole compacted budgets topic at every start, on all partitions, into the
 * {@link BudgetBook}, and follows it afterwards: every agent instance holds calls to every budget set.
 */
@Component
class BudgetListener implements ConsumerSeekAware {

    private final BudgetBook book;
    private final EventCodec codec;

    BudgetListener(BudgetBook book, EventCodec codec) {
        this.book = book;
        this.codec = codec;
    }

    @KafkaListener(
            id = "budget-book",
            groupId = "agent-service-budgets",
            topicPartitions =
                    @org.springframework.kafka.annotation.TopicPartition(
                            topic = "analyst.budgets.v1",
                            partitions = "0-" + (Topic.PARTITIONS - 1)))
    void on(ConsumerRecord<String, @Nullable String> record) {
        var json = record.value();
        if (json == null) {
            book.clear(record.key());
            return;
        }
        switch (codec.read(json, BudgetEvent.class)) {
            case BudgetSet set -> book.set(set);
        }
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        callback.seekToBeginning(assignments.keySet());
    }
}
