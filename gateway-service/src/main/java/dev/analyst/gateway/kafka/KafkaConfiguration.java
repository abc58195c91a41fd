package dev.analyst.gateway.kafka;

import dev.analyst.contracts.Topic;
import dev.analyst.contracts.delivery.Failures;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Declares the topics the gateway produces ({@code analyst.questions.v1}, the dashboard commands), the
 * progress and (compacted) dashboards topics it consumes, and the dead-letter topics of those it consumes, where
 * records that cannot be handled go.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    NewTopic questionsTopic(@Value("${analyst.kafka.replication-factor:1}") int replicationFactor) {
        return TopicBuilder.name(Topic.QUESTIONS.topicName())
                .partitions(Topic.PARTITIONS)
                .replicas(replicationFactor)
                .build();
    }

    @Bean
    NewTopic runEventsDeadLetterTopic(@Value("${analyst.kafka.replication-factor:1}") int replicationFactor) {
        return TopicBuilder.name(Topic.RUN_EVENTS.deadLetterTopicName())
                .partitions(Topic.PARTITIONS)
                .replicas(replicationFactor)
                .build();
    }

    @Bean
    NewTopic datasetProgressTopic(@Value("${analyst.kafka.replication-factor:1}") int replicationFactor) {
        return TopicBuilder.name(Topic.DATASET_PROGRESS.topicName())
                .partitions(Topic.PARTITIONS)
                .replicas(replicationFactor)
                .build();
    }

    @Bean
    NewTopic datasetProgressDeadLetterTopic(@Value("${analyst.kafka.replication-factor:1}") int replicationFactor) {
        return TopicBuilder.name(Topic.DATASET_PROGRESS.deadLetterTopicName())
                .partitions(Topic.PARTITIONS)
                .replicas(replicationFactor)
                .build();
    }

    @Bean
    NewTopic dashboardsTopic(@Value("${analyst.kafka.replication-factor:1}") int replicationFactor) {
        return TopicBuilder.name(Topic.DASHBOARDS.topicName())
                .partitions(Topic.PARTITIONS)
                .replicas(replicationFactor)
                .compact()
                .build();
    }

    @Bean
    NewTopic dashboardsDeadLetterTopic(@Value("${analyst.kafka.replication-factor:1}") int replicationFactor) {
        return TopicBuilder.name(Topic.DASHBOARDS.deadLetterTopicName())
                .partitions(Topic.PARTITIONS)
                .replicas(replicationFactor)
                .build();
    }

    @Bean
    NewTopic dashboardCommandsTopic(@Value("${analyst.kafka.replication-factor:1}") int replicationFactor) {
        return TopicBuilder.name(Topic.DASHBOARD_COMMANDS.topicName())
                .partitions(Topic.PARTITIONS)
                .replicas(replicationFactor)
                .build();
    }

    /**
     * Retries a failed record as {@link Failures} prescribes: poison (not JSON, no run or dataset id) to
     * the DLT at once, a failure of Redis or another dependency until it is back, anything else a few
     * times and then the DLT.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, String> template) {
        // Partition -1: Kafka picks the DLT partition, so the DLT need not mirror the source topic.
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
