package dev.analyst.analytics.kafka;

import dev.analyst.analytics.activity.InvalidQuestionEvent;
import dev.analyst.analytics.ledger.InvalidUsageEvent;
import dev.analyst.contracts.Topic;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import tools.jackson.core.JacksonException;

/** Declares the usage, questions and budgets topics and their dead-letter topics, and sends records that keep failing to the latter. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

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

    // Budgets set through the admin API, published here and read back at every start.
    @Bean
    NewTopic budgetsTopic(@Value("${analyst.kafka.replication-factor:1}") short replicationFactor) {
        return topic(Topic.BUDGETS.topicName(), Topic.BUDGETS.compacted(), replicationFactor);
    }

    @Bean
    NewTopic budgetsDeadLetterTopic(@Value("${analyst.kafka.replication-factor:1}") short replicationFactor) {
        return topic(Topic.BUDGETS.deadLetterTopicName(), false, replicationFactor);
    }

    @Bean
    DefaultErrorHandler kafkaErrorHandler(DeadLetters deadLetters) {
        var backOff = new ExponentialBackOffWithMaxRetries(4);
        backOff.setInitialInterval(200);
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(2_000);
        // For the batch listener a failure is the whole batch's (the database, say): it is retried as a
        // whole and then dead-lettered record by record. Its invalid records never get here: it sends them itself.
        var handler = new DefaultErrorHandler(deadLetters::send, backOff);
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
