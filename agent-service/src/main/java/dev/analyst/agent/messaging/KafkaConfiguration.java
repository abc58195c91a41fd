package dev.analyst.agent.messaging;

import dev.analyst.contracts.Topic;
import dev.analyst.contracts.delivery.Failures;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/** The topics the agent publishes, the dead-letter topics of those it reads, and how failed records retry. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /**
     * Every topic the agent reads or writes, and the dead-letter topics of those it reads. Declaring
     * the ones it reads too means no start order among the services matters; identical declarations
     * from several services are harmless.
     */
    @Bean
    KafkaAdmin.NewTopics agentTopics(@Value("${analyst.kafka.replication-factor:1}") int replicationFactor) {
        var topics = new ArrayList<NewTopic>();
        for (var topic : List.of(Topic.QUESTIONS, Topic.STEP_RESULTS, Topic.DATASETS, Topic.BUDGETS)) {
            topics.add(topic(topic, topic.topicName(), replicationFactor));
            topics.add(topic(topic, topic.deadLetterTopicName(), replicationFactor));
        }
        for (var topic : List.of(Topic.STEPS, Topic.RUN_EVENTS, Topic.USAGE)) {
            topics.add(topic(topic, topic.topicName(), replicationFactor));
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    private static NewTopic topic(Topic topic, String name, int replicationFactor) {
        var builder = TopicBuilder.name(name).partitions(Topic.PARTITIONS).replicas(replicationFactor);
        return (topic.compacted() && name.equals(topic.topicName()) ? builder.compact() : builder).build();
    }

    /**
     * Retries a failed record as {@link Failures} prescribes: a record that does not parse or is invalid
     * goes to its topic's {@code .DLT} at once, with the error in its headers; one that failed because
     * PostgreSQL, Redis or Kafka was unavailable is retried until they are back (never dead-lettered:
     * the question or step result is good); anything else a few times, then the DLT.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, String> template) {
        var recoverer = new DeadLetterPublishingRecoverer(
                template, (record, exception) -> new TopicPartition(record.topic() + ".DLT", -1));
        var handler = new DefaultErrorHandler(recoverer, backOff(Failures.Kind.DEFECT));
        handler.setBackOffFunction((record, exception) -> backOff(Failures.classify(exception)));
        return handler;
    }

    // The schedule Failures prescribes for a kind of failure, as a Spring back off.
    private static BackOff backOff(Failures.Kind kind) {
        var retries = Failures.retries(kind);
        var backOff = new ExponentialBackOff(retries.initialIntervalMillis(), retries.multiplier());
        backOff.setMaxInterval(retries.maxIntervalMillis());
        backOff.setMaxAttempts(retries.maxRetries());
        return backOff;
    }
}
