package dev.analyst.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The faults the fault suite inflicts, on real servers: each does what it says and is undone. */
class ServerFaultsIT {

    @Test
    void killsKafkaAndStartsItAgainWithItsRecordsAndFreezesAndThawsPostgres() throws Exception {
        try (var infra = Infrastructure.start(
                new InfrastructureOptions(0, 0, Files.createTempDirectory("analyst-faults"), true))) {
            var faults = infra.faults().orElseThrow();
            var bootstrap = infra.kafkaBootstrapServers();
            try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic("faults.check.v1", 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            try (var producer = new KafkaProducer<>(
                    Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                    new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("faults.check.v1", "k", "before the crash"))
                        .get(30, TimeUnit.SECONDS);
            }

            faults.killKafka();
            faults.startKafka();

            assertThat(readAll(bootstrap, "faults.check.v1")).containsExactly("before the crash");

            var url = infra.jdbcUrl("analyst");
            faults.pausePostgres();
            try {
                var query = CompletableFuture.supplyAsync(() -> {
                    try (var connection = DriverManager.getConnection(url, infra.dbUser(), infra.dbPassword());
                            var result = connection.createStatement().executeQuery("SELECT 1")) {
                        return result.next();
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThatThrownBy(() -> query.get(3, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
                faults.resumePostgres();
                assertThat(query.get(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                faults.resumePostgres();
            }
            faults.pauseRedis();
            faults.resumeRedis();
        }
    }

    private static List<String> readAll(String bootstrap, String topic) {
        try (var consumer = new KafkaConsumer<>(
                Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG, "faults-check",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            var values = new ArrayList<String>();
            var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
            }
            return values;
        }
    }
}
