package dev.analyst.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A plain server-sent-events reader over the JDK HTTP client, as any client would read the gateway. */
final class SseClient {

    record ServerSentEvent(String id, String event, String data) {}

    private static final Set<String> TERMINAL = Set.of("AnswerCompleted", "RunFailed");

    private final HttpClient http = HttpClient.newHttpClient();

    /** POSTs and reads events until a terminal one, or until the stream ends. */
    List<ServerSentEvent> post(URI uri, String apiKey, String jsonBody) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody))
                .build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": "
                    + String.join("\n", response.body().toList()));
        }
        var events = new ArrayList<ServerSentEvent>();
        var lines = response.body().iterator();
        ServerSentEvent event;
        while ((event = next(lines)) != null) {
            events.add(event);
            if (TERMINAL.contains(event.event())) {
                break;
            }
        }
        return events;
    }

    /** Whether a run's stream ends after this event. */
    static boolean terminal(ServerSentEvent event) {
        return TERMINAL.contains(event.event());
    }

    /**
     * The next event read off a stream's lines (comments such as heartbeats skipped), or null when the
     * stream ends first.
     */
    static @Nullable ServerSentEvent next(Iterator<String> lines) {
        var id = "";
        var event = "message";
        var data = new StringBuilder();
        while (lines.hasNext()) {
            var line = lines.next();
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    return new ServerSentEvent(id, event, data.toString());
                }
                id = "";
                event = "message";
            } else if (line.startsWith("id:")) {
                id = line.substring(3).strip();
            } else if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).stripLeading());
            }
        }
        return null;
    }
}
