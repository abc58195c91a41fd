package dev.analyst.analytics.kafka;

import dev.analyst.analytics.activity.InvalidQuestionEvent;
import dev.analyst.analytics.ledger.InvalidUsageEvent;
import dev.analyst.contracts.Topic;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import tools.jackson.core.JacksonException;

/** Declares the usage and questions topics and their dead-letter topics, and sends records that keep failing to the latter. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

    @Bean
    NewTopic usageTopic(@Value("${analyst.kafka.replication-factor:1}") short replicationFactor) {
        return topic(Topic.USAGE.topicName(), Topic.USAGE.compacted(), replicationFactor);
    }

    @Bean
    NewTopic usageDeadLetterTopic(@Value("${analyst.kafka.replication-factor:1}") short replicationFactor) {
        return topic(Topic.USAGE.deadLetterTopicName(), false, replicationFactor);
    }

    // The gateway owns the questions topic; declared alike here too so this service starts on an empty cluster.
    @Bean
    NewTopic questionsTopic(@Value("${analyst.kafka.replication-factor:1}") short replicationFactor) {
        return topic(Topic.QUESTIONS.topicName(), Topic.QUESTIONS.compacted(), replicationFactor);
    }

    @Bean
    NewTopic questionsDeadLetterTopic(@Value("${analyst.kafka.replication-factor:1}") short replicationFactor) {
        return topic(Topic.QUESTIONS.deadLetterTopicName(), false, replicationFactor);
    }

    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaOperations<?, ?> template) {
        // Partition -1 lets Kafka choose, so the DLT need not mirror the source topic's partitions.
        var recoverer = new DeadLetterPublishingRecoverer(
                template, (record, exception) -> new TopicPartition(record.topic() + ".DLT", -1));
        var backOff = new ExponentialBackOffWithMaxRetries(4);
        backOff.setInitialInterval(200);
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(2_000);
        var handler = new DefaultErrorHandler(
                (record, exception) -> {
                    log.warn(
                            "Dead-lettering {}-{}@{}: {}",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            NestedExceptionUtils.getMostSpecificCause(exception).toString());
                    recoverer.accept(record, exception);
                },
                backOff);
        // A record that cannot be read or is invalid fails the same way every time: no point retrying it.
        handler.addNotRetryableExceptions(JacksonException.class, InvalidUsageEvent.class, InvalidQuestionEvent.class);
        return handler;
    }

    private static NewTopic topic(String name, boolean compacted, short replicationFactor) {
        var builder = TopicBuilder.name(name).partitions(Topic.PARTITIONS).replicas(replicationFactor);
        if (compacted) {
            builder.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        return builder.build();
    }
}
