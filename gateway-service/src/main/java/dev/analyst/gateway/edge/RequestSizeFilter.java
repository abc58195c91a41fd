package dev.analyst.gateway.edge;

import dev.analyst.gateway.GatewayProperties;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Caps request bodies: uploads ({@code POST /api/datasets}, streamed on to ingestion-service) at
 * {@code max-upload}, every other body at {@code max-json-body}. A declared {@code Content-Length}
 * over the cap is answered 413 before a byte of the body is read; a body without one (chunked) is
 * counted as it streams and cut off with {@link PayloadTooLarge} the moment it passes the cap, so
 * neither is ever held in memory whole.
 *
 * <p>Boot's {@code spring.http.codecs.max-in-memory-size} only bounds what a codec buffers, and the
 * multipart limits only what the multipart reader parses; an upload forwarded as raw bytes passes
 * neither, hence this filter.
 */
final class RequestSizeFilter implements WebFilter, Ordered {

    static final String CODE = "request_too_large";
    static final String UPLOAD_PATH = "/api/datasets";

    private final long maxJsonBody;
    private final long maxUpload;
    private final EdgeErrors errors;

    RequestSizeFilter(GatewayProperties.RequestLimits limits, EdgeErrors errors) {
        this.maxJsonBody = limits.maxJsonBody().toBytes();
        this.maxUpload = limits.maxUpload().toBytes();
        this.errors = errors;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        var path = request.getPath().pathWithinApplication().value();
        var limit = HttpMethod.POST.equals(request.getMethod()) && path.equals(UPLOAD_PATH) ? maxUpload : maxJsonBody;
        var declared = request.getHeaders().getContentLength();
        if (declared > limit) {
            return errors.write(
                    exchange,
                    HttpStatus.CONTENT_TOO_LARGE,
                    "Request too large",
                    PayloadTooLarge.detail(limit),
                    "invalid_request_error",
                    CODE,
                    Map.of("limitBytes", limit));
        }
        if (declared == 0 || HttpMethod.GET.equals(request.getMethod())) {
            return chain.filter(exchange);
        }
        return chain.filter(
                exchange.mutate().request(new Capped(request, limit)).build());
    }

    @Override
    public int getOrder() {
        // After authentication and rate limits: an anonymous or throttled caller learns nothing of the limits.
        return Ordered.HIGHEST_PRECEDENCE + 30;
    }

    /** The request with a body that fails once more than the limit has streamed through. */
    private static final class Capped extends ServerHttpRequestDecorator {

        private final long limit;

        Capped(ServerHttpRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            var seen = new AtomicLong();
            return super.getBody().handle((buffer, sink) -> {
                if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                    DataBufferUtils.release(buffer);
                    sink.error(new PayloadTooLarge(limit));
                } else {
                    sink.next(buffer);
                }
            });
        }
    }
}
