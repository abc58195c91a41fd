package dev.analyst.execution.kafka;

import dev.analyst.contracts.Topic;
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
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import tools.jackson.core.JacksonException;

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
     * Retries a failing record a few times with backoff, then parks it on {@code <topic>.DLT} with the
     * error in its headers so the partition keeps flowing. Unreadable records go there at once.
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
        var backOff = new ExponentialBackOffWithMaxRetries(4);
        backOff.setInitialInterval(200);
        backOff.setMultiplier(2.0);
        var handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(UnreadableEvent.class, JacksonException.class);
        return handler;
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
