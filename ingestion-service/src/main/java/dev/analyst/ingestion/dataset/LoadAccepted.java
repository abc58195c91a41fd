package dev.analyst.ingestion.dataset;

import java.util.UUID;

/**
 * The answer to an upload that loads in the background ({@code 202 Accepted}): where to follow it.
 *
 * @param statusUrl the status endpoint, for pollers
 * @param eventsUrl the dataset's progress as server-sent events (served by the gateway)
 */
record LoadAccepted(UUID id, String name, String status, String statusUrl, String eventsUrl) {

    static LoadAccepted of(UUID id, String name) {
        var path = "/api/datasets/" + id;
        return new LoadAccepted(id, name, LoadStatus.LOADING, path + "/status", path + "/events");
    }
}
