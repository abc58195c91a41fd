package dev.analyst.gateway.run;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Flux;

/** What every resumable SSE endpoint of the gateway shares: reading the resume point, and the response. */
public final class EventStreamResponses {

    private EventStreamResponses() {}

    /**
     * The id a client resumes after: the {@code Last-Event-ID} header a browser's EventSource sends when
     * it reconnects, else the {@code lastEventId} query parameter; null without either.
     *
     * @throws ErrorResponseException a 400 problem detail when the id is not one a stream sends
     */
    public static @Nullable StreamId resumeAfter(@Nullable String header, @Nullable String parameter) {
        var lastEventId = header != null ? header : parameter;
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        try {
            return StreamId.parse(lastEventId.strip());
        } catch (IllegalArgumentException e) {
            var problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.BAD_REQUEST, "Last-Event-ID must be an event id this stream sent, like 42-0.");
            problem.setTitle("Invalid Last-Event-ID");
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, e);
        }
    }

    /** A 200 event stream that proxies pass through unbuffered. */
    public static ResponseEntity<Flux<ServerSentEvent<String>>> ok(Flux<ServerSentEvent<String>> events) {
        return ResponseEntity.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .header("Cache-Control", "no-cache")
                // Tells nginx-style proxies not to buffer the stream.
                .header("X-Accel-Buffering", "no")
                .body(events);
    }
}
