package dev.analyst.analytics.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.analyst.analytics.LiveServiceTest;
import dev.analyst.contracts.Topic;
import dev.analyst.contracts.budget.BudgetEvent;
import dev.analyst.contracts.budget.BudgetSet;
import dev.analyst.contracts.usage.ModelCalled;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Budgets set, listed and lifted through the admin API, as the agent reads them from the budgets topic. */
class BudgetIT extends LiveServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void setsABudgetOnTheCompactedTopicAndReportsItWithWhatTheHolderSpentToday() {
        var user = "budget-" + UUID.randomUUID().toString().substring(0, 8);
        // $0.003 spent today by the user: 10,000 tokens in and 2,500 out of gpt-4o-mini at $0.15 and $0.60.
        publish(call(user, 10_000, 2_500));

        put("/api/analytics/budgets/users/" + user, "{\"daily\": 2.50, \"monthly\": null}")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.holder")
                .isEqualTo("user:" + user)
                .jsonPath("$.daily")
                .isEqualTo(2.5)
                .jsonPath("$.monthly")
                .doesNotExist();

        assertThat(budgetRecords("user:" + user)).singleElement().satisfies(record -> {
            var budget = (BudgetSet) mapper.readValue(record.value(), BudgetEvent.class);
            assertThat(budget.dailyMicros()).isEqualTo(2_500_000L);
            assertThat(budget.monthlyMicros()).isNull();
            assertThat(record.headers().lastHeader("ce_type").value())
                    .asString()
                    .isEqualTo("dev.analyst.BudgetSet");
        });
        await().atMost(PATIENCE)
                .untilAsserted(() -> admin("/api/analytics/budgets")
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .jsonPath("$[?(@.holder == 'user:" + user + "')].spentToday")
                        .isEqualTo(0.003)
                        .jsonPath("$[?(@.holder == 'user:" + user + "')].daily")
                        .isEqualTo(2.5));

        client.delete()
                .uri("/api/analytics/budgets/users/" + user)
                .headers(headers -> headers.setBearerAuth(ADMIN_KEY))
                .exchange()
                .expectStatus()
                .isNoContent();
        await().atMost(PATIENCE)
                .untilAsserted(() -> admin("/api/analytics/budgets")
                        .expectBody()
                        .jsonPath("$[?(@.holder == 'user:" + user + "')]")
                        .isEmpty());
        assertThat(budgetRecords("user:" + user))
                .last()
                .satisfies(record -> assertThat(record.value()).isNull());
    }

    @Test
    void refusesANegativeOrMalformedBudgetAndAnyoneWithoutTheAdminKey() {
        put("/api/analytics/budgets/tenants/acme", "{\"daily\": -1}")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail).asString().contains("daily (-1)"));
        put("/api/analytics/budgets/tenants/acme", "{\"daily\": \"lots\"}")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail).asString().startsWith("The request could not be read"));
        put("/api/analytics/budgets/tenants/acme", "{\"daily\": 0.0000001}")
                .expectStatus()
                .isBadRequest();
        put("/api/analytics/budgets/tenants/acme%2Fother", "{\"daily\": 1}")
                .expectStatus()
                .is4xxClientError();
        put("/api/analytics/budgets/groups/acme", "{\"daily\": 1}")
                .expectStatus()
                .isNotFound();
        client.put()
                .uri("/api/analytics/budgets/tenants/acme")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"daily\": 1}")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        assertThat(budgetRecords("tenant:acme"))
                .as("nothing refused was published")
                .isEmpty();
    }

    private WebTestClient.ResponseSpec put(String uri, String body) {
        return client.put()
                .uri(uri)
                .headers(headers -> headers.setBearerAuth(ADMIN_KEY))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    /** Every record of one holder on the budgets topic, read from the beginning as the agent reads it. */
    private static List<ConsumerRecord<String, String>> budgetRecords(String holder) {
        var found = new ArrayList<ConsumerRecord<String, String>>();
        try (var consumer = new KafkaConsumer<>(
                Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        dev.analyst.infra.Infrastructure.shared().kafkaBootstrapServers()),
                new StringDeserializer(),
                new StringDeserializer())) {
            var partitions = IntStream.range(0, Topic.PARTITIONS)
                    .mapToObj(partition -> new TopicPartition(Topic.BUDGETS.topicName(), partition))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (holder.equals(record.key())) {
                        found.add(record);
                    }
                });
            }
        }
        return found;
    }

    private static ModelCalled call(String user, long input, long output) {
        return new ModelCalled(
                UUID.randomUUID(),
                Instant.now(),
                UUID.randomUUID(),
                "budget-tenant",
                user,
                "openai",
                "gpt-4o-mini",
                "plan",
                input,
                output,
                0,
                300,
                300,
                true);
    }
}
