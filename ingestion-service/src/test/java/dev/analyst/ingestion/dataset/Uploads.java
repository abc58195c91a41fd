package dev.analyst.ingestion.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;

/** Multipart uploads to ingestion-service as the gateway forwards them: the caller in headers. */
record Uploads(WebTestClient web, String user) {

    WebTestClient.ResponseSpec upload(String tenant, String uri, Resource file, String filename) {
        var parts = new MultipartBodyBuilder();
        parts.part("file", file).filename(filename).contentType(MediaType.TEXT_PLAIN);
        return web.post()
                .uri(uri)
                .header("X-Tenant-Id", tenant)
                .header("X-User-Id", user)
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange();
    }

    /** Uploads {@code content}, expecting {@code 201}; the dataset as answered. */
    JsonNode created(String tenant, String uri, String content, String filename) {
        return created(tenant, uri, bytes(content), filename);
    }

    /** Uploads {@code file}, expecting {@code 201}; the dataset as answered. */
    JsonNode created(String tenant, String uri, Resource file, String filename) {
        var body = upload(tenant, uri, file, filename)
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(body).isNotNull();
        return body;
    }

    static Resource bytes(String content) {
        return new ByteArrayResource(content.getBytes(StandardCharsets.UTF_8));
    }
}
