package dev.analyst.gateway.problem;

import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes a problem detail from code that runs outside a handler (web filters), with the same codecs
 * and so the same JSON as the problems the controllers answer with.
 */
@Component
public final class ProblemResponses {

    private static final ResolvableType PROBLEM = ResolvableType.forClass(ProblemDetail.class);

    private final HttpMessageWriter<ProblemDetail> writer;

    @SuppressWarnings("unchecked")
    public ProblemResponses(ServerCodecConfigurer codecs) {
        this.writer = (HttpMessageWriter<ProblemDetail>) codecs.getWriters().stream()
                .filter(candidate -> candidate.canWrite(PROBLEM, MediaType.APPLICATION_PROBLEM_JSON))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No codec writes application/problem+json"));
    }

    /** Answers the exchange with the problem, its status and {@code application/problem+json}. */
    public Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem) {
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
        return writer.write(Mono.just(problem), PROBLEM, MediaType.APPLICATION_PROBLEM_JSON, response, Map.of());
    }
}
