package dev.analyst.analytics.budget;

import dev.analyst.contracts.Topic;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The budgets topic this service publishes, compacted, and its dead letters; the agent declares them alike. */
@Configuration(proxyBeanMethods = false)
class BudgetTopics {

    @Bean
    NewTopic budgetsTopic(@Value("${analyst.kafka.replication-factor:1}") short replicationFactor) {
        return TopicBuilder.name(Topic.BUDGETS.topicName())
                .partitions(Topic.PARTITIONS)
                .replicas(replicationFactor)
                .compact()
                .build();
    }

    @Bean
    NewTopic budgetsDeadLetterTopic(@Value("${analyst.kafka.replication-factor:1}") short replicationFactor) {
        return TopicBuilder.name(Topic.BUDGETS.deadLetterTopicName())
                .partitions(Topic.PARTITIONS)
                .replicas(replicationFactor)
                .build();
    }
}
