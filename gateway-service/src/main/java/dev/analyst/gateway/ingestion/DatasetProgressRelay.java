package dev.analyst.gateway.ingestion;

import dev.analyst.contracts.dataset.DatasetFailed;
import dev.analyst.contracts.dataset.DatasetProgress;
import dev.analyst.contracts.dataset.IngestionProgressed;
import dev.analyst.gateway.run.StreamId;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Relays {@code analyst.dataset-progress.v1} into the datasets' Redis streams, where every gateway
 * instance serves them from. Blocks the (virtual) consumer thread until Redis has the entry, so an
 * offset is committed only after it is stored.
 */
@Component
class DatasetProgressRelay {

    private static final Logger log = LoggerFactory.getLogger(DatasetProgressRelay.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final DatasetStreams streams;
    private final JsonMapper mapper;

    DatasetProgressRelay(DatasetStreams streams, JsonMapper mapper) {
        this.streams = streams;
        this.mapper = mapper;
    }

    @KafkaListener(
            id = "gateway-dataset-progress",
            groupId = "gateway-service",
            topics = "#{T(dev.analyst.contracts.Topic).DATASET_PROGRESS.topicName()}")
    @SuppressWarnings("ConstantValue") // JSON may omit what the record declares non-null.
    public void relay(ConsumerRecord<String, String> record) {
        var progress = mapper.readValue(record.value(), DatasetProgress.class);
        if (progress.datasetId() == null || progress.tenantId() == null) {
            throw new IllegalArgumentException("A progress event without its dataset or tenant: " + progress.eventId());
        }
        var phase = switch (progress) {
            case IngestionProgressed progressed -> String.valueOf(progressed.phase());
            case DatasetFailed ignored -> "failed";
        };
        var entry = new DatasetStreamEntry(
                StreamId.ofOffset(record.offset()),
                progress.getClass().getSimpleName(),
                phase,
                progress.terminal(),
                record.value());
        if (Boolean.FALSE.equals(streams.append(progress.datasetId(), entry).block(TIMEOUT))) {
            log.debug("Progress of dataset {} at offset {} was relayed before", progress.datasetId(), record.offset());
        }
    }
}
