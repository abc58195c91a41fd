package dev.analyst.ingestion;

import static org.awaitility.Awaitility.await;

import dev.analyst.contracts.Topic;
import dev.analyst.infra.Infrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code analyst.datasets.v1} and {@code analyst.dataset-progress.v1} from the start with a plain
 * consumer, as any integrator would.
 */
public final class DatasetTopic {

    private DatasetTopic() {}

    /** The first record of the dataset on {@code analyst.datasets.v1} of the type, waiting for it to arrive. */
    public static ConsumerRecord<String, String> awaitRecord(UUID datasetId, String type) {
        return awaitRecord(Topic.DATASETS, datasetId, type);
    }

    /** The first record of the dataset whose CloudEvents type is {@code type}, waiting for it to arrive. */
    public static ConsumerRecord<String, String> awaitRecord(Topic topic, UUID datasetId, String type) {
        var records = awaitRecords(topic, datasetId, record -> type(record).equals(type));
        return records.getLast();
    }

    /**
     * The dataset's records on the topic, oldest first, up to and including the first that {@code last}
     * accepts, waiting for it to arrive.
     */
    public static List<ConsumerRecord<String, String>> awaitRecords(
            Topic topic, UUID datasetId, Predicate<ConsumerRecord<String, String>> last) {
        var found = new ArrayList<ConsumerRecord<String, String>>();
        try (var consumer = new KafkaConsumer<String, String>(properties())) {
            consumer.subscribe(List.of(topic.topicName()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (datasetId.toString().equals(record.key())) {
                        found.add(record);
                        if (last.test(record)) {
                            return true;
                        }
                    }
                }
                return false;
            });
        }
        return found;
    }

    /** The record types of everything on the topic so far, read to its end. */
    public static List<String> allTypes(Topic topic) {
        var types = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<String, String>(properties())) {
            var partitions = consumer.partitionsFor(topic.topicName()).stream()
                    .map(partition -> new TopicPartition(topic.topicName(), partition.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    types.add(type(record));
                }
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
            });
        }
        return types;
    }

    /** The record's type from its CloudEvents header, e.g. {@code DatasetReady}. */
    public static String type(ConsumerRecord<String, String> record) {
        var header = record.headers().lastHeader("ce_type");
        var ceType = header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
        return ceType.replaceFirst("^dev\\.analyst\\.", "");
    }

    private static Properties properties() {
        var properties = new Properties();
        properties.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "ingestion-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        return properties;
    }
}
