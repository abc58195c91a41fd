package dev.analyst.ingestion.events;

import dev.analyst.contracts.Topic;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topics this service produces; it consumes none, so it declares no dead-letter topics. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    NewTopic datasetsTopic(@Value("${analyst.kafka.replication-factor:1}") int replicationFactor) {
        return topic(Topic.DATASETS, replicationFactor);
    }

    @Bean
    NewTopic datasetProgressTopic(@Value("${analyst.kafka.replication-factor:1}") int replicationFactor) {
        return topic(Topic.DATASET_PROGRESS, replicationFactor);
    }

    private static NewTopic topic(Topic topic, int replicationFactor) {
        var builder = TopicBuilder.name(topic.topicName())
                .partitions(Topic.PARTITIONS)
                .replicas(replicationFactor);
        return topic.compacted() ? builder.compact().build() : builder.build();
    }
}
