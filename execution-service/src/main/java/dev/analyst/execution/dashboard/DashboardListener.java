package dev.analyst.execution.dashboard;

import dev.analyst.contracts.Topic;
import dev.analyst.contracts.dashboard.ChartPinned;
import dev.analyst.contracts.dashboard.DashboardCommand;
import dev.analyst.contracts.dashboard.DashboardRequested;
import dev.analyst.contracts.dataset.DatasetEvent;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.execution.kafka.EventPublisher;
import dev.analyst.execution.kafka.UnreadableEvent;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes new dataset versions and dashboard commands in one consumer group, so each is handled by one
 * instance. Both topics are keyed by dataset and have as many partitions, so one dataset's versions and
 * commands reach the same consumer, which handles them one at a time, in order: a pin and a redraw
 * never race. It blocks the (virtual) consumer thread until the dashboard is published, so the offset is
 * committed only after it.
 */
@Component
class DashboardListener {

    /** Generous: a dashboard runs a dozen queries, each bounded by the statement timeout. */
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final JsonMapper mapper;

    private final DashboardService dashboards;

    private final EventPublisher publisher;

    DashboardListener(JsonMapper mapper, DashboardService dashboards, EventPublisher publisher) {
        this.mapper = mapper;
        this.dashboards = dashboards;
        this.publisher = publisher;
    }

    @KafkaListener(
            id = "dashboards",
            groupId = "execution-service-dashboards",
            topics = {
                "#{T(dev.analyst.contracts.Topic).DATASETS.topicName()}",
                "#{T(dev.analyst.contracts.Topic).DASHBOARD_COMMANDS.topicName()}"
            })
    void onRecord(ConsumerRecord<String, @Nullable String> record) {
        String json = record.value();
        if (json == null) {
            if (record.topic().equals(Topic.DATASETS.topicName()) && record.key() != null) {
                // A deleted dataset: its dashboard, sample rows and all, goes with it.
                publisher.tombstone(Topic.DASHBOARDS, record.key()).block(TIMEOUT);
            }
            return;
        }
        if (record.topic().equals(Topic.DATASETS.topicName())) {
            switch (read(json, DatasetEvent.class)) {
                case DatasetReady ready -> dashboards.versionReady(ready).block(TIMEOUT);
            }
        } else {
            dashboards
                    .handle(requireComplete(read(json, DashboardCommand.class)))
                    .block(TIMEOUT);
        }
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JacksonException e) {
            throw new UnreadableEvent("Not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    @SuppressWarnings("ConstantValue") // JSON may omit what the record declares non-null.
    private static DashboardCommand requireComplete(DashboardCommand command) {
        boolean incomplete = command.eventId() == null || command.datasetId() == null || command.tenantId() == null;
        boolean withoutWork = switch (command) {
            case DashboardRequested ignored -> false;
            case ChartPinned pin -> pin.runId() == null || pin.sql() == null || pin.chart() == null;
        };
        if (incomplete || withoutWork) {
            throw new UnreadableEvent(command.getClass().getSimpleName() + " " + command.eventId()
                    + " lacks its dataset, tenant, or the chart to pin");
        }
        return command;
    }
}
