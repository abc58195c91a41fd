package dev.analyst.agent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.analyst.agent.budget.Spending;
import dev.analyst.agent.model.ModelProperties.Kind;
import dev.analyst.agent.model.ModelProperties.Provider;
import dev.analyst.agent.model.ScriptedModelServer.Answer;
import dev.analyst.agent.model.ScriptedModelServer.Hang;
import dev.analyst.agent.model.ScriptedModelServer.Malformed;
import dev.analyst.agent.model.ScriptedModelServer.Status;
import dev.analyst.contracts.usage.ModelCalled;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A hosted model through LangChain4j against the scripted OpenAI-compatible server. */
class HostedModelTests {

    private static final List<ChatMessage> MESSAGES =
            List.of(SystemMessage.from("You answer tests."), UserMessage.from("Say hello."));

    private ScriptedModelServer server;
    private final List<ModelCalled> usage = new CopyOnWriteArrayList<>();
    private Metering metering;

    @BeforeEach
    void start() {
        server = new ScriptedModelServer();
        metering = new Metering(UUID.randomUUID(), "acme", "ada", (call, recorded) -> usage.add(call));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HostedModel model(Duration timeout) {
        return model(timeout, Duration.ofMinutes(1), new SimpleMeterRegistry());
    }

    private HostedModel model(Duration timeout, Duration openFor, MeterRegistry registry) {
        var properties = new ModelProperties(
                Map.of("scripted", new Provider(Kind.OPENAI_COMPATIBLE, server.baseUrl(), null)),
                List.of("scripted:test-model"),
                Map.of(),
                "",
                timeout,
                3,
                Duration.ofMillis(10),
                openFor);
        return new HostedModels(properties, registry, Spending.UNLIMITED)
                .chain(Role.PLANNER)
                .getFirst();
    }

    @Test
    void answersPlainlyAndMetersTheCallFromTheProvidersUsage() {
        server.then(new Answer("Hello.", 120, 7, 64, Duration.ZERO));

        var answer = model(Duration.ofSeconds(5)).complete("plan", metering, MESSAGES, null);

        assertThat(answer).isEqualTo("Hello.");
        assertThat(usage).singleElement().satisfies(call -> {
            assertThat(call.provider()).isEqualTo("scripted");
            assertThat(call.model()).isEqualTo("test-model");
            assertThat(call.stage()).isEqualTo("plan");
            assertThat(call.runId()).isEqualTo(metering.runId());
            assertThat(call.inputTokens()).isEqualTo(120);
            assertThat(call.outputTokens()).isEqualTo(7);
            assertThat(call.cachedInputTokens()).isEqualTo(64);
            assertThat(call.succeeded()).isTrue();
            assertThat(call.timeToFirstTokenMillis()).isEqualTo(call.latencyMillis());
        });
        assertThat(server.requests().getFirst().path("model").asString()).isEqualTo("test-model");
    }

    @Test
    void streamsTheAnswerPieceByPieceAndMetersTheTimeToTheFirstPiece() {
        server.then(new Answer("The average price is 4,766,729.25.", 90, 12, 0, Duration.ofMillis(20)));
        var pieces = new ArrayList<String>();

        var answer = model(Duration.ofSeconds(5)).stream("summarise", metering, MESSAGES, pieces::add);

        assertThat(answer).isEqualTo("The average price is 4,766,729.25.");
        assertThat(pieces).hasSizeGreaterThan(5);
        assertThat(String.join("", pieces)).isEqualTo(answer);
        assertThat(server.requests().getFirst().path("stream").asBoolean()).isTrue();
        assertThat(usage).singleElement().satisfies(call -> {
            assertThat(call.stage()).isEqualTo("summarise");
            assertThat(call.inputTokens()).isEqualTo(90);
            assertThat(call.outputTokens()).isEqualTo(12);
            assertThat(call.timeToFirstTokenMillis()).isLessThan(call.latencyMillis());
        });
    }

    @Test
    void asksForStructuredOutputWithTheRecordsSchema() {
        server.then(new Answer("{\"sql\":\"SELECT 1\"}"));
        var schema = JsonSchema.builder()
                .name("Draft")
                .rootElement(JsonObjectSchema.builder()
                        .addStringProperty("sql")
                        .required("sql")
                        .build())
                .build();

        var answer = model(Duration.ofSeconds(5)).complete("plan", metering, MESSAGES, schema);

        assertThat(answer).isEqualTo("{\"sql\":\"SELECT 1\"}");
        var format = server.requests().getFirst().path("response_format");
        assertThat(format.path("type").asString()).isEqualTo("json_schema");
        assertThat(format.path("json_schema").path("name").asString()).isEqualTo("Draft");
        assertThat(format.path("json_schema").path("schema").path("properties").has("sql"))
                .isTrue();
    }

    @Test
    void retriesARateLimitWithBackoffAndMetersEveryAttempt() {
        server.then(new Status(429), new Answer("Hello."));

        var answer = model(Duration.ofSeconds(5)).complete("plan", metering, MESSAGES, null);

        assertThat(answer).isEqualTo("Hello.");
        assertThat(server.requests()).hasSize(2);
        assertThat(usage).extracting(ModelCalled::succeeded).containsExactly(false, true);
    }

    @Test
    void givesUpAfterItsAttemptsWhenTheServerKeepsFailing() {
        server.then(new Status(500), new Status(500), new Status(500), new Answer("too late"));

        assertThatThrownBy(() -> model(Duration.ofSeconds(5)).complete("plan", metering, MESSAGES, null))
                .isInstanceOf(ModelUnavailable.class)
                .hasMessage("scripted/test-model: scripted failure 500");
        assertThat(server.requests()).hasSize(3);
        assertThat(usage).hasSize(3).noneMatch(ModelCalled::succeeded);
    }

    @Test
    void doesNotRetryARequestTheProviderRefuses() {
        server.then(new Status(400, "{\"error\":{\"message\":\"bad request\",\"type\":\"invalid_request_error\"}}"));

        assertThatThrownBy(() -> model(Duration.ofSeconds(5)).complete("plan", metering, MESSAGES, null))
                .isInstanceOf(ModelUnavailable.class);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aCallThatHangsEndsAtItsTimeLimit() {
        server.then(new Hang(Duration.ofSeconds(3)), new Hang(Duration.ofSeconds(3)), new Hang(Duration.ofSeconds(3)));

        var started = System.nanoTime();
        assertThatThrownBy(() -> model(Duration.ofMillis(300)).complete("plan", metering, MESSAGES, null))
                .isInstanceOf(ModelUnavailable.class)
                .hasMessageContaining("no answer in time");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aBodyThatIsNotACompletionIsAFailure() {
        server.then(new Malformed("{\"choices\": not json"), new Malformed("<html>"), new Malformed("]"));

        assertThatThrownBy(() -> model(Duration.ofSeconds(5)).complete("plan", metering, MESSAGES, null))
                .isInstanceOf(ModelUnavailable.class);
    }

    @Test
    void opensTheProvidersCircuitAfterRepeatedFailuresAndStopsCallingIt() {
        server.otherwise(request -> new Status(503));
        var model = model(Duration.ofSeconds(5));
        for (int call = 0; call < 2; call++) {
            assertThatThrownBy(() -> model.complete("plan", metering, MESSAGES, null))
                    .isInstanceOf(ModelUnavailable.class);
        }
        var calls = server.requests().size();

        assertThatThrownBy(() -> model.complete("plan", metering, MESSAGES, null))
                .isInstanceOf(ModelUnavailable.class)
                .hasMessageContaining("circuit is open");
        assertThat(server.requests()).hasSize(calls);
    }

    @Test
    void closesTheCircuitAgainOnceTheProviderAnswers() {
        server.otherwise(request -> new Status(503));
        var registry = new SimpleMeterRegistry();
        var model = model(Duration.ofSeconds(5), Duration.ofMillis(300), registry);
        for (int call = 0; call < 2; call++) {
            assertThatThrownBy(() -> model.complete("plan", metering, MESSAGES, null))
                    .isInstanceOf(ModelUnavailable.class);
        }
        var open = registry.get("analyst.agent.model.circuit.open")
                .tag("provider", "scripted")
                .gauge();
        assertThat(open.value()).isEqualTo(1.0);

        // The provider is back: once the circuit's wait is over, a trial call goes through and closes it.
        server.otherwise(request -> new Answer("Back."));
        await().atMost(Duration.ofSeconds(10))
                .ignoreException(ModelUnavailable.class)
                .until(() -> model.complete("plan", metering, MESSAGES, null).equals("Back."));
        assertThat(open.value()).isZero();
    }
}
