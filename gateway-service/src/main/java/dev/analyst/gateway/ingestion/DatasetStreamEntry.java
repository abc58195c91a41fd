package dev.analyst.gateway.ingestion;

import dev.analyst.contracts.dataset.IngestionProgressed;
import dev.analyst.gateway.run.StreamId;

/**
 * One progress event of a dataset as stored in its Redis stream and sent as one SSE event.
 *
 * @param type the record's type, {@code IngestionProgressed} or {@code DatasetFailed}
 * @param phase the progress phase ({@code upload}, {@code load}, {@code profile}, {@code done}), or
 *     {@code failed}
 * @param terminal whether the load ends with this event
 * @param data the event's JSON, as ingestion published it
 */
record DatasetStreamEntry(StreamId id, String type, String phase, boolean terminal, String data) {

    /** Whether a new load of the dataset begins with this event. */
    boolean startsLoad() {
        return "IngestionProgressed".equals(type) && IngestionProgressed.UPLOAD.equals(phase);
    }
}
