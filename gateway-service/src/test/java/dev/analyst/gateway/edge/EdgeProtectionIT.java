package dev.analyst.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.analyst.infra.Infrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The edge against real Redis, PostgreSQL and Kafka: rate limits per user and per tenant, body size
 * limits, CORS preflights and the OpenAPI document.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s") // a shared 2-core CI machine can take more than the default 5 s
class EdgeProtectionIT {

    private static final int USER_LIMIT = 4;
    private static final int TENANT_LIMIT = 6;
    private static final int SIGN_IN_LIMIT = 3;
    private static final String ORIGIN = "https://app.example.com";

    // Tenants fresh on every run: the counters live in a Redis that may outlive one test run.
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String ANN = "ann-key-" + RUN;
    private static final String BEA = "bea-key-" + RUN;
    private static final String CID = "cid-key-" + RUN;
    private static final String DAN = "dan-key-" + RUN;
    private static final String EVE = "eve-key-" + RUN;
    private static final String FAY = "fay-key-" + RUN;

    private static final AtomicInteger uploadsReceived = new AtomicInteger();
    private static HttpServer ingestion;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        Infrastructure.shared().environment().forEach((name, value) -> registry.add(name, () -> value));
        registry.add(
                "ANALYST_API_KEYS",
                () -> String.join(
                        ",",
                        ANN + ":solo-" + RUN + ":ann",
                        BEA + ":shared-" + RUN + ":bea",
                        CID + ":shared-" + RUN + ":cid",
                        DAN + ":sizes-" + RUN + ":dan",
                        EVE + ":sizes-" + RUN + ":eve",
                        FAY + ":cors-" + RUN + ":fay"));
        registry.add("ANALYST_RATE_LIMIT_USER_PER_MINUTE", () -> USER_LIMIT);
        registry.add("ANALYST_RATE_LIMIT_TENANT_PER_MINUTE", () -> TENANT_LIMIT);
        registry.add("ANALYST_RATE_LIMIT_SIGN_IN_PER_MINUTE", () -> SIGN_IN_LIMIT);
        registry.add("ANALYST_CORS_ALLOWED_ORIGINS", () -> ORIGIN);
        registry.add("analyst.gateway.request-limits.max-json-body", () -> "1KB");
        registry.add("analyst.gateway.request-limits.max-upload", () -> "2KB");
        ingestion = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ingestion.createContext("/api/datasets", exchange -> {
            exchange.getRequestBody().readAllBytes();
            uploadsReceived.incrementAndGet();
            var answer = "{\"id\":\"d1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        ingestion.start();
        registry.add(
                "ANALYST_INGESTION_URL",
                () -> "http://127.0.0.1:" + ingestion.getAddress().getPort());
    }

    @AfterAll
    static void stopIngestion() {
        ingestion.stop(0);
    }

    @Autowired
    private WebTestClient web;

    @Autowired
    private JsonMapper mapper;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private ReactiveStringRedisTemplate redis;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @Test
    void refusesAUserPastTheirLimitWith429AndRetryAfter() {
        for (int i = 1; i <= USER_LIMIT; i++) {
            web.get()
                    .uri("/api/conversations")
                    .header("X-API-Key", ANN)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals(RateLimitFilter.LIMIT_HEADER, Integer.toString(USER_LIMIT))
                    .expectHeader()
                    .valueEquals(RateLimitFilter.REMAINING_HEADER, Integer.toString(USER_LIMIT - i));
        }
        var refusedBefore = refused("user");

        var problem = refusedProblem(ANN);

        assertThat(problem.get("scope").asString()).isEqualTo("user");
        assertThat(problem.get("code").asString()).isEqualTo("rate_limit_exceeded");
        assertThat(refused("user")).isEqualTo(refusedBefore + 1);
    }

    @Test
    void refusesSigningInFromOneAddressPastItsLimitBeforeAnyPasswordIsHashed() {
        // Other test classes sign in from this address too, on their own limits; start this minute afresh.
        redis.delete("analyst:rate:{signin:127.0.0.1}:address", "analyst:rate:{signin:127.0.0.1}:address-twin")
                .block();
        var refusedBefore = refused("address");
        for (int i = 1; i <= SIGN_IN_LIMIT; i++) {
            signIn().expectStatus().isUnauthorized();
        }

        var refusal = signIn().expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(refusal.get("scope").asString()).isEqualTo("address");
        assertThat(refused("address")).isEqualTo(refusedBefore + 1);
    }

    private WebTestClient.ResponseSpec signIn() {
        return web.post()
                .uri("/api/auth/token")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "nobody-" + RUN + "@example.com", "password", "not the password at all"))
                .exchange();
    }

    @Test
    void refusesEveryUserOfATenantPastTheTenantsLimit() {
        // bea spends her own limit; her requests count towards the tenant's too.
        for (int i = 0; i < USER_LIMIT; i++) {
            getConversations(BEA).expectStatus().isOk();
        }
        for (int i = USER_LIMIT; i < TENANT_LIMIT; i++) {
            getConversations(CID).expectStatus().isOk();
        }
        var refusedBefore = refused("tenant");

        var problem = refusedProblem(CID);

        assertThat(problem.get("scope").asString())
                .as("cid made only %d requests, under his own limit", TENANT_LIMIT - USER_LIMIT)
                .isEqualTo("tenant");
        assertThat(refused("tenant")).isEqualTo(refusedBefore + 1);
    }

    @Test
    void refusesAJsonBodyOverTheLimitWith413WhetherItsLengthIsDeclaredOrNot() {
        var big = "{\"question\":\"" + "x".repeat(1500) + "\"}";
        web.post()
                .uri("/api/questions")
                .header("X-API-Key", DAN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(big.getBytes(StandardCharsets.UTF_8))
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo(RequestSizeFilter.CODE);

        web.post()
                .uri("/api/questions")
                .header("X-API-Key", DAN)
                .contentType(MediaType.APPLICATION_JSON)
                .body(chunked(big), DataBuffer.class)
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void refusesAnUploadOverItsLimitWith413WithoutForwardingIt() {
        var before = uploadsReceived.get();
        web.post()
                .uri("/api/datasets")
                .header("X-API-Key", EVE)
                .contentType(MULTIPART)
                .bodyValue(multipart(3000))
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.limitBytes")
                .isEqualTo(2048);
        assertThat(uploadsReceived.get()).as("never reached ingestion").isEqualTo(before);

        web.post()
                .uri("/api/datasets")
                .header("X-API-Key", EVE)
                .contentType(MediaType.parseMediaType("text/csv"))
                .body(chunked("a,b\n" + "1,2\n".repeat(1000)), DataBuffer.class)
                .exchange()
                .expectStatus()
                .isEqualTo(413);

        web.post()
                .uri("/api/datasets")
                .header("X-API-Key", EVE)
                .contentType(MULTIPART)
                .bodyValue(multipart(500))
                .exchange()
                .expectStatus()
                .isCreated();
    }

    @Test
    void answersAPreflightFromAnAllowedOriginWithoutAKeyAndRefusesOtherOrigins() {
        web.options()
                .uri("/api/conversations/{id}", UUID.randomUUID())
                .header(HttpHeaders.ORIGIN, ORIGIN)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PATCH")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization, content-type")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN)
                .expectHeader()
                .value(
                        HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS,
                        methods -> assertThat(methods).contains("PATCH"))
                .expectHeader()
                .value(
                        HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
                        headers -> assertThat(headers.toLowerCase(Locale.ROOT))
                                .contains("authorization")
                                .contains("content-type"));

        web.options()
                .uri("/v1/chat/completions")
                .header(HttpHeaders.ORIGIN, ORIGIN)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN);

        web.options()
                .uri("/api/conversations")
                .header(HttpHeaders.ORIGIN, "https://evil.example.com")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);

        // The answer itself lets the page read the headers it needs.
        web.get()
                .uri("/api/conversations")
                .header(HttpHeaders.ORIGIN, ORIGIN)
                .header("X-API-Key", FAY)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN)
                .expectHeader()
                .value(
                        HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS,
                        exposed -> assertThat(exposed)
                                .contains(
                                        "X-Run-Id", "X-Conversation-Id", "Retry-After", "RateLimit-Remaining", "Link"));
    }

    @Test
    void servesAnOpenApiDocumentWithoutAKeyThatListsEveryApiEndpoint() {
        var body = web.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        JsonNode document = mapper.readTree(body);
        assertThat(document.get("openapi").asString()).startsWith("3.1");

        var documented = new HashSet<String>();
        document.get("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .propertyNames()
                        .forEach(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        assertThat(documented).containsAll(apiEndpoints());
        assertThat(body)
                .as("the caller comes from the API key, never from a parameter")
                .doesNotContain("\"name\":\"caller\"");
        assertThat(document.get("components").get("securitySchemes").propertyNames())
                .contains("bearer", "apiKey");

        web.get()
                .uri("/v3/api-docs.yaml")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(yaml -> assertThat(yaml).contains("/api/conversations/{conversationId}:"));
    }

    /** Every method and path the application's controllers map under {@code /api}. */
    private Set<String> apiEndpoints() {
        var endpoints = new HashSet<String>();
        mappings.getHandlerMethods()
                .keySet()
                .forEach(info -> info.getPatternsCondition().getPatterns().stream()
                        .map(pattern -> pattern.getPatternString())
                        .filter(pattern -> pattern.startsWith("/api/"))
                        .forEach(pattern -> {
                            var methods = info.getMethodsCondition().getMethods();
                            assertThat(methods).as("%s maps a method", pattern).isNotEmpty();
                            methods.forEach(method -> endpoints.add(method.name() + " " + pattern));
                        }));
        assertThat(endpoints).contains("PATCH /api/conversations/{conversationId}", "POST /api/questions");
        return endpoints;
    }

    private WebTestClient.ResponseSpec getConversations(String key) {
        return web.get().uri("/api/conversations").header("X-API-Key", key).exchange();
    }

    private JsonNode refusedProblem(String key) {
        var result = getConversations(key)
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals(RateLimitFilter.REMAINING_HEADER, "0")
                .expectBody(String.class)
                .returnResult();
        var retryAfter = result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER);
        assertThat(retryAfter).isNotNull();
        assertThat(Long.parseLong(retryAfter)).isBetween(1L, 60L);
        return mapper.readTree(result.getResponseBody());
    }

    private double refused(String scope) {
        var counter = meters.find("analyst.gateway.rate_limit.refused")
                .tag("scope", scope)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** The text as a body in 500-byte chunks, sent without a Content-Length. */
    private static Flux<DataBuffer> chunked(String text) {
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        var chunks = new ArrayList<DataBuffer>();
        for (int start = 0; start < bytes.length; start += 500) {
            var end = Math.min(bytes.length, start + 500);
            chunks.add(DefaultDataBufferFactory.sharedInstance.wrap(Arrays.copyOfRange(bytes, start, end)));
        }
        return Flux.fromIterable(List.copyOf(chunks));
    }

    private static final MediaType MULTIPART = MediaType.parseMediaType("multipart/form-data; boundary=edge-boundary");

    /** A multipart upload of one CSV file of about the given size, as bytes, so its length is declared. */
    private static byte[] multipart(int size) {
        return ("--edge-boundary\r\n"
                        + "Content-Disposition: form-data; name=\"file\"; filename=\"data.csv\"\r\n"
                        + "Content-Type: text/csv\r\n\r\n"
                        + "a\n" + "1\n".repeat(size / 2) + "\r\n--edge-boundary--\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
