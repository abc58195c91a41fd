package dev.analyst.gateway.edge;

import dev.analyst.gateway.problem.ProblemResponses;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers a request the edge refuses in the error shape its API speaks: RFC 9457 problem details on
 * {@code /api}, OpenAI's {@code {"error": {...}}} on {@code /v1}, whose clients (the OpenAI SDKs)
 * parse only that.
 */
@Component
class EdgeErrors {

    private final ProblemResponses problems;
    private final JsonMapper mapper;

    EdgeErrors(ProblemResponses problems, JsonMapper mapper) {
        this.problems = problems;
        this.mapper = mapper;
    }

    static boolean isOpenAiPath(String path) {
        return path.equals("/v1") || path.startsWith("/v1/");
    }

    /**
     * @param title the problem's title on {@code /api}
     * @param openAiType OpenAI's error type ({@code rate_limit_error}, {@code invalid_request_error})
     * @param code OpenAI's error code, also the problem's {@code code} property
     */
    Mono<Void> write(
            ServerWebExchange exchange,
            HttpStatus status,
            String title,
            String detail,
            String openAiType,
            String code,
            Map<String, Object> properties) {
        var path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (isOpenAiPath(path)) {
            var error = mapper.createObjectNode();
            var body = error.putObject("error");
            body.put("message", detail);
            body.put("type", openAiType);
            body.putNull("param");
            body.put("code", code);
            var response = exchange.getResponse();
            response.setStatusCode(status);
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            var bytes = mapper.writeValueAsBytes(error);
            return response.writeWith(
                    Mono.fromSupplier(() -> response.bufferFactory().wrap(bytes)));
        }
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setInstance(URI.create(path));
        problem.setProperty("code", code);
        properties.forEach(problem::setProperty);
        return problems.write(exchange, problem);
    }
}
