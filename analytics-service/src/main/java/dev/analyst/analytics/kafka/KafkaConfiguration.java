package dev.analyst.analytics.kafka;

import dev.analyst.analytics.activity.InvalidQuestionEvent;
import dev.analyst.analytics.ledger.InvalidUsageEvent;
import dev.analyst.contracts.Topic;
import dev.analyst.contracts.delivery.Failures;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/** Declares the usage, questions and budgets topics and their dead-letter topics, and sends records that keep failing to the latter. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** This service's own invalid-event exceptions, poison besides those every service shares. */
    private static final List<Class<? extends Throwable>> POISON =
            List.of(InvalidUsageEvent.class, InvalidQuestionEvent.class);

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

    /**
     * Retries as {@link Failures} prescribes: a record that cannot be read or is invalid fails the same way
     * every time, so it is dead-lettered at once; a failure because PostgreSQL or Redis is unavailable is
     * retried until they are back, never dead-lettered; anything else a few times, then the DLT.
     *
     * <p>For the batch listener a failure is the whole batch's (the database, say): the batch is retried as
     * a whole, in memory with the consumer paused but polling (so it keeps its partitions), with the back
     * off of its latest failure; when a defect's retries are exhausted it is dead-lettered record by
     * record. Its invalid records never get here: it sends them itself.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(DeadLetters deadLetters) {
        var handler = new DefaultErrorHandler(deadLetters::send, backOff(Failures.Kind.DEFECT));
        handler.setBackOffFunction((record, exception) -> backOff(Failures.classify(exception, POISON)));
        // A batch whose database outage turns into a defect (or back) starts the other kind's schedule.
        handler.setResetStateOnExceptionChange(true);
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

    private static NewTopic topic(String name, boolean compacted, short replicationFactor) {
        var builder = TopicBuilder.name(name).partitions(Topic.PARTITIONS).replicas(replicationFactor);
        if (compacted) {
            builder.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        return builder.build();
    }
}
