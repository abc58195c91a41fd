package dev.analyst.ingestion;

import static org.awaitility.Awaitility.await;

import dev.analyst.contracts.Topic;
import dev.analyst.infra.Infrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads {@code analyst.datasets.v1} from the start with a plain consumer, as any integrator would. */
public final class DatasetTopic {

    private DatasetTopic() {}

    /** The first record of the dataset whose CloudEvents type is {@code type}, waiting for it to arrive. */
    public static ConsumerRecord<String, String> awaitRecord(UUID datasetId, String type) {
        var properties = new Properties();
        properties.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "ingestion-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        var found = new AtomicReference<ConsumerRecord<String, String>>();
        try (var consumer = new KafkaConsumer<String, String>(properties)) {
            consumer.subscribe(List.of(Topic.DATASETS.topicName()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    var header = record.headers().lastHeader("ce_type");
                    var ceType = header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
                    if (datasetId.toString().equals(record.key()) && ceType.equals("dev.analyst." + type)) {
                        found.set(record);
                        return true;
                    }
                }
                return false;
            });
        }
        return found.get();
    }
}
