package dev.analyst.gateway.dashboard;

import dev.analyst.contracts.dashboard.DashboardEvent;
import dev.analyst.contracts.dashboard.DashboardPublished;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores each dashboard execution publishes, the latest per dataset. Blocks the (virtual) consumer
 * thread until PostgreSQL has it, so the offset is committed only after; redeliveries and older
 * dashboards change nothing.
 */
@Component
class DashboardRelay {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Dashboards dashboards;
    private final JsonMapper mapper;

    DashboardRelay(Dashboards dashboards, JsonMapper mapper) {
        this.dashboards = dashboards;
        this.mapper = mapper;
    }

    @KafkaListener(
            id = "gateway-dashboards",
            groupId = "gateway-service",
            topics = "#{T(dev.analyst.contracts.Topic).DASHBOARDS.topicName()}")
    public void store(ConsumerRecord<String, @Nullable String> record) {
        String json = record.value();
        if (json == null) {
            // A tombstone: the dataset was deleted. Its key is its id (an unreadable one goes to the DLT).
            dashboards.remove(UUID.fromString(record.key())).block(TIMEOUT);
            return;
        }
        switch (mapper.readValue(json, DashboardEvent.class)) {
            case DashboardPublished published -> {
                if (published.dashboard() == null || published.dashboard().tenantId() == null) {
                    throw new IllegalArgumentException(
                            "DashboardPublished " + published.eventId() + " without its dashboard or tenant");
                }
                // Stored as published, so fields this gateway does not know yet still reach clients.
                String dashboard =
                        mapper.writeValueAsString(mapper.readTree(json).get("dashboard"));
                dashboards.store(published, dashboard).block(TIMEOUT);
            }
        }
    }
}
