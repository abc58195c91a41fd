package dev.analyst.gateway.kafka;

import dev.analyst.contracts.Topic;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import tools.jackson.core.JacksonException;

/**
 * Declares the topics the gateway produces ({@code analyst.questions.v1}, the dashboard commands), the
 * progress and (compacted) dashboards topics it consumes, and the dead-letter topics of those it consumes; a record that keeps failing goes there
 * after a few retries, a record that can never succeed (not JSON, no run or dataset id) goes there at once.
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

    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, String> template) {
        // Partition -1: Kafka picks the DLT partition, so the DLT need not mirror the source topic.
        var recoverer = new DeadLetterPublishingRecoverer(
                template, (record, exception) -> new TopicPartition(record.topic() + ".DLT", -1));
        var backOff = new ExponentialBackOffWithMaxRetries(4);
        backOff.setInitialInterval(200);
        backOff.setMultiplier(2);
        backOff.setMaxInterval(2_000);
        var handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(JacksonException.class, IllegalArgumentException.class);
        return handler;
    }
}
