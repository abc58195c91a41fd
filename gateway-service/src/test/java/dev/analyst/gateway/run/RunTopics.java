package dev.analyst.gateway.run;

import static org.awaitility.Awaitility.await;

import dev.analyst.contracts.Topic;
import dev.analyst.contracts.run.RunEvent;
import dev.analyst.infra.Infrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/** The tests' side of the agent: run events published as the agent does, questions read as it does. */
public final class RunTopics {

    private RunTopics() {}

    /** Publishes the run events in order, keyed by run as the agent publishes them, and waits for the acks. */
    public static void publish(JsonMapper mapper, List<? extends RunEvent> events) {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (var event : events) {
                var json = mapper.writerFor(RunEvent.class).writeValueAsString(event);
                producer.send(new ProducerRecord<>(Topic.RUN_EVENTS.topicName(), event.key(), json))
                        .get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish run events", e);
        }
    }

    /** The first record of the given CloudEvents type on the questions topic that names the run. */
    public static ConsumerRecord<String, String> awaitOnQuestions(UUID runId, String type) {
        var found = new ArrayList<ConsumerRecord<String, String>>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.shared().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "gateway-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(List.of(Topic.QUESTIONS.topicName()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value().contains(runId.toString())
                            && new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8)
                                    .equals(type)) {
                        found.add(record);
                    }
                }
                return !found.isEmpty();
            });
        }
        return found.getFirst();
    }
}
