package dev.analyst.gateway.ingestion;

import dev.analyst.gateway.GatewayProperties;
import dev.analyst.gateway.auth.Caller;
import dev.analyst.gateway.edge.PayloadTooLarge;
import io.netty.channel.ChannelOption;
import java.net.URI;
import java.util.UUID;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Forwards a request to ingestion-service as the authenticated caller, streaming the body both ways
 * (an upload is never held in memory here). Only the headers the upstream needs go along; the
 * caller's identity headers are always the gateway's, never the client's.
 */
@Component
class IngestionClient {

    static final String TENANT_HEADER = "X-Tenant-Id";
    static final String USER_HEADER = "X-User-Id";

    private final WebClient client;
    private final URI baseUrl;

    IngestionClient(GatewayProperties properties) {
        var ingestion = properties.ingestion();
        this.baseUrl = ingestion.url();
        var http = HttpClient.create()
                .option(
                        ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        Math.toIntExact(ingestion.connectTimeout().toMillis()));
        this.client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .build();
    }

    /** Sends the request on to the same path of ingestion-service and hands its response back as it comes. */
    Mono<ResponseEntity<Flux<DataBuffer>>> forward(ServerHttpRequest request, Caller caller) {
        var target = UriComponentsBuilder.fromUri(baseUrl)
                .path(request.getPath().pathWithinApplication().value())
                .query(request.getURI().getRawQuery())
                .build(true)
                .toUri();
        var incoming = request.getHeaders();
        var outgoing = client.method(request.getMethod()).uri(target).headers(headers -> {
            copy(incoming, headers, HttpHeaders.CONTENT_TYPE);
            copy(incoming, headers, HttpHeaders.CONTENT_LENGTH);
            // A simple upload (the body is the file) names its file here.
            copy(incoming, headers, HttpHeaders.CONTENT_DISPOSITION);
            copy(incoming, headers, HttpHeaders.ACCEPT);
            // "Prefer: respond-async" asks ingestion to answer 202 and load in the background.
            copy(incoming, headers, "Prefer");
            headers.set(TENANT_HEADER, caller.tenantId());
            headers.set(USER_HEADER, caller.userId());
        });
        var method = request.getMethod();
        WebClient.RequestHeadersSpec<?> spec = HttpMethod.POST.equals(method) || HttpMethod.PUT.equals(method)
                ? outgoing.body(request.getBody(), DataBuffer.class)
                : outgoing;
        return spec.retrieve()
                // Every upstream status is the answer, 4xx and 5xx included.
                .onStatus(status -> true, response -> Mono.empty())
                .toEntityFlux(DataBuffer.class)
                .map(IngestionClient::passBack)
                // An upload cut off at the size limit is the client's 413, not ingestion being down.
                .onErrorMap(
                        failure -> PayloadTooLarge.in(failure).isPresent(),
                        failure -> PayloadTooLarge.in(failure).orElseThrow())
                .onErrorMap(WebClientRequestException.class, IngestionUnavailable::new);
    }

    /**
     * The status of the dataset's latest load as ingestion-service answers it for the caller: its JSON,
     * or empty when the dataset is not the caller's tenant's (or does not exist).
     */
    Mono<String> status(UUID datasetId, Caller caller) {
        var target = UriComponentsBuilder.fromUri(baseUrl)
                .path("/api/datasets/{id}/status")
                .buildAndExpand(datasetId)
                .toUri();
        return client.get()
                .uri(target)
                .header(TENANT_HEADER, caller.tenantId())
                .header(USER_HEADER, caller.userId())
                .exchangeToMono(response -> {
                    if (response.statusCode().value() == HttpStatus.NOT_FOUND.value()) {
                        return response.releaseBody().then(Mono.<String>empty());
                    }
                    return response.statusCode().is2xxSuccessful()
                            ? response.bodyToMono(String.class)
                            : response.createError();
                })
                .onErrorMap(WebClientRequestException.class, IngestionUnavailable::new)
                .onErrorMap(WebClientResponseException.class, IngestionUnavailable::new);
    }

    private static ResponseEntity<Flux<DataBuffer>> passBack(ResponseEntity<Flux<DataBuffer>> upstream) {
        var headers = new HttpHeaders();
        var contentType = upstream.getHeaders().getContentType();
        if (contentType != null) {
            headers.setContentType(contentType);
        }
        var location = upstream.getHeaders().getLocation();
        if (location != null) {
            headers.setLocation(location);
        }
        // A 429 says when to try again; a client must see that.
        copy(upstream.getHeaders(), headers, HttpHeaders.RETRY_AFTER);
        return new ResponseEntity<>(upstream.getBody(), headers, upstream.getStatusCode());
    }

    private static void copy(HttpHeaders from, HttpHeaders to, String name) {
        var values = from.getOrEmpty(name);
        if (!values.isEmpty()) {
            to.put(name, values);
        }
    }
}
