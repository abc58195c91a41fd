package dev.analyst.execution.kafka;

import dev.analyst.contracts.Topic;
import dev.analyst.contracts.delivery.Failures;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Declares the topics execution writes (step results, dashboards and the dead-letter topics of what it
 * reads), plus those it reads, with the same settings their producers declare, so that start order never lets a
 * broker auto-create them with the wrong partition count or cleanup policy.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

    @Bean
    KafkaAdmin.NewTopics executionTopics(@Value("${analyst.kafka.replication-factor:1}") int replicationFactor) {
        return new KafkaAdmin.NewTopics(
                topic(Topic.STEP_RESULTS.topicName(), replicationFactor, false),
                topic(Topic.STEPS.deadLetterTopicName(), replicationFactor, false),
                topic(Topic.DATASETS.deadLetterTopicName(), replicationFactor, false),
                topic(Topic.STEPS.topicName(), replicationFactor, false),
                topic(Topic.DATASETS.topicName(), replicationFactor, Topic.DATASETS.compacted()),
                topic(Topic.DASHBOARDS.topicName(), replicationFactor, Topic.DASHBOARDS.compacted()),
                topic(Topic.DASHBOARDS.deadLetterTopicName(), replicationFactor, false),
                topic(Topic.DASHBOARD_COMMANDS.topicName(), replicationFactor, Topic.DASHBOARD_COMMANDS.compacted()),
                topic(Topic.DASHBOARD_COMMANDS.deadLetterTopicName(), replicationFactor, false));
    }

    private static NewTopic topic(String name, int replicationFactor, boolean compacted) {
        var builder = TopicBuilder.name(name).partitions(Topic.PARTITIONS).replicas(replicationFactor);
        if (compacted) {
            builder.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        return builder.build();
    }

    /**
     * Commits offsets without waiting for the broker: a synchronous commit after every poll holds the
     * listener thread for a broker round trip, which was a large part of a step's latency. A commit lost
     * in a crash only means a redelivery, and a redelivered step republishes the same result id.
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> asynchronousCommits() {
        return container -> container.getContainerProperties().setSyncCommits(false);
    }

    /**
     * Retries a failing record as {@link Failures} prescribes, then parks it on {@code <topic>.DLT} with
     * the error in its headers so the partition keeps flowing: unreadable records go there at once, a
     * record that failed because PostgreSQL or Redis was unavailable never does (it is retried until they
     * are back), anything else after a few retries.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaOperations<String, String> kafka) {
        var deadLetters = new DeadLetterPublishingRecoverer(
                kafka, (record, exception) -> new TopicPartition(record.topic() + ".DLT", -1));
        ConsumerRecordRecoverer recoverer = (record, exception) -> {
            log.warn(
                    "Parking record {}-{}@{} on the dead-letter topic: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    rootMessage(exception));
            deadLetters.accept(record, exception);
        };
        var handler = new DefaultErrorHandler(recoverer, backOff(Failures.Kind.DEFECT));
        handler.setBackOffFunction(
                (record, exception) -> backOff(Failures.classify(exception, List.of(UnreadableEvent.class))));
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

    private static String rootMessage(Throwable exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof UnreadableEvent) {
                break;
            }
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
