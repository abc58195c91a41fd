package dev.analyst.analytics.budget;

import dev.analyst.contracts.CloudEventHeaders;
import dev.analyst.contracts.Topic;
import dev.analyst.contracts.budget.BudgetEvent;
import dev.analyst.contracts.budget.BudgetSet;
import java.util.ArrayList;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes budgets on the compacted budgets topic, and tombstones for budgets lifted. The admin API
 * answers only once the broker has the record, so a budget it reports as set is one the agent will read.
 */
@Component
class BudgetPublisher {

    private static final String SOURCE = "analytics-service";

    private final KafkaTemplate<String, String> template;
    private final JsonMapper mapper;

    BudgetPublisher(KafkaTemplate<String, String> template, JsonMapper mapper) {
        this.template = template;
        this.mapper = mapper;
    }

    Mono<Void> publish(BudgetSet budget) {
        var headers = new ArrayList<Header>();
        CloudEventHeaders.of(budget, SOURCE).forEach((name, value) -> headers.add(new RecordHeader(name, value)));
        var json = mapper.writerFor(BudgetEvent.class).writeValueAsString(budget);
        return send(new ProducerRecord<>(Topic.BUDGETS.topicName(), null, budget.key(), json, headers));
    }

    Mono<Void> lift(String holder) {
        return send(new ProducerRecord<>(Topic.BUDGETS.topicName(), holder, (@Nullable String) null));
    }

    private Mono<Void> send(ProducerRecord<String, @Nullable String> record) {
        @SuppressWarnings("unchecked")
        var sendable = (ProducerRecord<String, String>) (ProducerRecord<?, ?>) record;
        return Mono.fromFuture(() -> template.send(sendable)).then();
    }
}
