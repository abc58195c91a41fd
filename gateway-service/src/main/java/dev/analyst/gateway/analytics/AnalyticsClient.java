package dev.analyst.gateway.analytics;

import io.netty.channel.ChannelOption;
import java.net.URI;
import java.util.regex.Pattern;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Forwards a read of {@code /admin/analytics/**} to analytics-service's {@code /api/analytics/**}, streaming the
 * answer back. The administrator key the caller sent goes along untouched: analytics-service is the one that
 * knows it, so the gateway neither stores nor checks it.
 */
@Component
class AnalyticsClient {

    static final String PREFIX = "/admin/analytics";
    private static final String ADMIN_KEY_HEADER = "X-Admin-Key";

    private final WebClient client;
    private final URI baseUrl;

    /** Slash-separated letters, digits, dashes and underscores: the shape of every analytics report path. */
    private static final Pattern FORWARDABLE = Pattern.compile("(/[A-Za-z0-9_-]+)*/?");

    AnalyticsClient(AnalyticsProperties properties) {
        this.baseUrl = properties.url();
        var http = HttpClient.create()
                .option(
                        ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        Math.toIntExact(properties.connectTimeout().toMillis()));
        this.client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .build();
    }

    Mono<ResponseEntity<Flux<DataBuffer>>> forward(ServerHttpRequest request) {
        var path = request.getPath().pathWithinApplication().value();
        var rest = path.substring(PREFIX.length());
        if (!FORWARDABLE.matcher(rest).matches() || rest.contains("..") || rest.contains("//")) {
            // Only plain analytics paths go upstream: no dot segments, no encoded separators, nothing that a
            // proxy in between could resolve to another of analytics' paths.
            return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "No such analytics report."));
        }
        URI target;
        try {
            target = UriComponentsBuilder.fromUri(baseUrl)
                    .path("/api/analytics" + rest)
                    .query(request.getURI().getRawQuery())
                    .build(true)
                    .toUri();
        } catch (IllegalArgumentException malformed) {
            return Mono.error(
                    new ResponseStatusException(HttpStatus.BAD_REQUEST, "The query is malformed.", malformed));
        }
        var incoming = request.getHeaders();
        return client.get()
                .uri(target)
                .headers(headers -> {
                    copy(incoming, headers, HttpHeaders.AUTHORIZATION);
                    copy(incoming, headers, ADMIN_KEY_HEADER);
                    copy(incoming, headers, HttpHeaders.ACCEPT);
                })
                .retrieve()
                // 401, 403 and 400 are analytics' answers to the administrator, passed on as they are.
                .onStatus(status -> true, response -> Mono.empty())
                .toEntityFlux(DataBuffer.class)
                .map(AnalyticsClient::passBack)
                .onErrorMap(WebClientRequestException.class, AnalyticsUnavailable::new);
    }

    private static ResponseEntity<Flux<DataBuffer>> passBack(ResponseEntity<Flux<DataBuffer>> upstream) {
        var headers = new HttpHeaders();
        var contentType = upstream.getHeaders().getContentType();
        if (contentType != null) {
            headers.setContentType(contentType);
        }
        copy(upstream.getHeaders(), headers, HttpHeaders.WWW_AUTHENTICATE);
        copy(upstream.getHeaders(), headers, HttpHeaders.LINK);
        return new ResponseEntity<>(upstream.getBody(), headers, upstream.getStatusCode());
    }

    private static void copy(HttpHeaders from, HttpHeaders to, String name) {
        var values = from.getOrEmpty(name);
        if (!values.isEmpty()) {
            to.put(name, values);
        }
    }
}
