package dev.analyst.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.Topic;
import dev.analyst.contracts.question.Question;
import dev.analyst.contracts.question.QuestionAsked;
import dev.analyst.contracts.run.AnswerCompleted;
import dev.analyst.contracts.run.ProgressReported;
import dev.analyst.contracts.run.RunEvent;
import dev.analyst.contracts.run.RunFailed;
import dev.analyst.contracts.run.RunStarted;
import dev.analyst.contracts.run.SqlGenerated;
import dev.analyst.contracts.run.SummaryDelta;
import dev.analyst.gateway.run.RunTopics;
import dev.analyst.infra.Infrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAI-compatible API as OpenAI's own Java SDK sees it, against the gateway on real PostgreSQL,
 * Kafka and Redis. The test plays the agent: it takes the {@code QuestionAsked} off Kafka and publishes
 * the run's events, as agent-service would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenAiCompatibleApiIT {

    private static final String KEY = "openai-sdk-test-key";
    private static final String TENANT = "openai-it";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String SQL =
            "SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY total DESC";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Infrastructure.shared().environment().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("ANALYST_API_KEYS", () -> KEY + ":" + TENANT + ":olivia");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class RunEventsTopic {

        // Declared by agent-service in the suite; the broker does not create topics on demand.
        @Bean
        NewTopic runEventsTopic() {
            return TopicBuilder.name(Topic.RUN_EVENTS.topicName())
                    .partitions(Topic.PARTITIONS)
                    .replicas(1)
                    .build();
        }
    }

    @LocalServerPort
    private int port;

    @Autowired
    private JsonMapper mapper;

    private final HttpClient http = HttpClient.newHttpClient();
    private OpenAIClient client;
    private KafkaConsumer<String, String> questions;

    @BeforeEach
    void connect() {
        client = client(KEY);
        questions = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.shared().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "openai-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
        questions.subscribe(List.of(Topic.QUESTIONS.topicName()));
    }

    @AfterEach
    void close() {
        questions.close();
        client.close();
    }

    @Test
    void listsTheAnalystAndItsAgentsAsModels() {
        var models = client.models().list().data();

        assertThat(models)
                .extracting(Model::id)
                .containsExactly("analyst", "@statistics", "@ml", "@viz", "@cleaning", "@qa", "@deep");
        assertThat(models).allSatisfy(model -> {
            assertThat(model.ownedBy()).isEqualTo("analyst");
            assertThat(model.created()).isEqualTo(AnalystModel.CREATED);
        });
        assertThat(client.models().retrieve("@deep").id()).isEqualTo("@deep");
        assertThatThrownBy(() -> client.models().retrieve("gpt-4o"))
                .isInstanceOfSatisfying(
                        NotFoundException.class, e -> assertThat(e.code()).contains("model_not_found"));
    }

    @Test
    void answersACompletionWithTheSqlTableAndChartInMarkdown() {
        var question = "Which region sold the most?";
        var params = ChatCompletionCreateParams.builder()
                .model("analyst")
                .addSystemMessage("You are a helpful analyst.")
                .addUserMessage("Hello")
                .addAssistantMessage("Hi! What would you like to know?")
                .addUserMessage(question)
                .metadata(ChatCompletionCreateParams.Metadata.builder()
                        .putAdditionalProperty("dataset", JsonValue.from("sales"))
                        .build())
                .build();

        var pending =
                CompletableFuture.supplyAsync(() -> client.chat().completions().create(params));
        var asked = awaitQuestion(question);
        assertThat(asked.dataset()).isEqualTo("sales");
        assertThat(asked.userId()).isEqualTo("olivia");
        publish(List.of(
                new RunStarted(
                        UUID.randomUUID(), Instant.now(), asked.runId(), asked.conversationId(), TENANT, question),
                new SqlGenerated(UUID.randomUUID(), Instant.now(), asked.runId(), UUID.randomUUID(), "sales", 1, SQL),
                answer(asked, "North sold the most: 42.")));
        var completion = join(pending);

        assertThat(completion.id()).isEqualTo("chatcmpl-" + asked.runId());
        assertThat(completion.model()).isEqualTo("analyst");
        var choice = completion.choices().getFirst();
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(choice.message().content())
                .hasValueSatisfying(content -> assertThat(content)
                        .startsWith("North sold the most: 42.\n\n```sql\n" + SQL + "\n```")
                        .contains("| region | total |\n| --- | ---: |\n| North | 42 |\n| South\\|West | 17.5 |")
                        .contains("**Chart:** Sales by region: a bar chart of Total by Region.")
                        .contains("```json\n{")
                        .endsWith("- And by month?"));
        var usage = completion.usage().orElseThrow();
        assertThat(usage.promptTokens()).isPositive();
        assertThat(usage.completionTokens())
                .isEqualTo(CompletionUsage.tokens(choice.message().content().orElseThrow()));
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
    }

    @Test
    void streamsTheSummaryAsItIsWrittenThenTheAnswerAndItsUsage() {
        var question = "Which region sold the most, as a chart?";
        var params = ChatCompletionCreateParams.builder()
                .model("@viz")
                .addUserMessage(question)
                .streamOptions(
                        ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();

        var pending = CompletableFuture.supplyAsync(() -> {
            try (var stream = client.chat().completions().createStreaming(params)) {
                return stream.stream().toList();
            }
        });
        var asked = awaitQuestion("@viz " + question);
        publish(List.of(
                new RunStarted(
                        UUID.randomUUID(), Instant.now(), asked.runId(), asked.conversationId(), TENANT, question),
                new ProgressReported(UUID.randomUUID(), Instant.now(), asked.runId(), "plan", "Planning the query"),
                new SummaryDelta(UUID.randomUUID(), Instant.now(), asked.runId(), 0, "North sold "),
                new SummaryDelta(UUID.randomUUID(), Instant.now(), asked.runId(), 1, "the most: 42."),
                answer(asked, "North sold the most: 42.")));
        var chunks = join(pending);

        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.id()).isEqualTo("chatcmpl-" + asked.runId());
            assertThat(chunk.model()).isEqualTo("@viz");
        });
        var contents = chunks.stream()
                .flatMap(chunk -> chunk.choices().stream())
                .map(choice -> choice.delta().content().orElse(""))
                .filter(content -> !content.isEmpty())
                .toList();
        assertThat(contents).startsWith("North sold ", "the most: 42.");
        var content = String.join("", contents);
        assertThat(content)
                .startsWith("North sold the most: 42.\n\n```sql\n" + SQL)
                .contains("| North | 42 |")
                .contains("**Chart:**");
        assertThat(chunks.stream().flatMap(chunk -> chunk.choices().stream()))
                .filteredOn(choice -> choice.finishReason().isPresent())
                .singleElement()
                .satisfies(choice ->
                        assertThat(choice.finishReason()).contains(ChatCompletionChunk.Choice.FinishReason.STOP));
        var last = chunks.getLast();
        assertThat(last.choices()).isEmpty();
        var usage = last.usage().orElseThrow();
        assertThat(usage.completionTokens()).isEqualTo(CompletionUsage.tokens(content));
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
    }

    @Test
    void refusesAWrongApiKeyAsOpenAiDoes() {
        var stranger = client("not-a-key");
        try {
            assertThatThrownBy(() -> stranger.models().list())
                    .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(401);
                        assertThat(e.code()).contains("invalid_api_key");
                        assertThat(e.type()).contains("authentication_error");
                    });
        } finally {
            stranger.close();
        }
    }

    @Test
    void answersAnExhaustedBudgetWithA429InsufficientQuota() {
        var question = "How many orders last year, all of them?";
        var params = ChatCompletionCreateParams.builder()
                .model("analyst")
                .addUserMessage(question)
                .build();

        var pending =
                CompletableFuture.supplyAsync(() -> client.chat().completions().create(params));
        publish(List.of(budgetExhausted(awaitQuestion(question))));

        assertThatThrownBy(() -> join(pending)).isInstanceOfSatisfying(RateLimitException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(429);
            assertThat(e.code()).contains("insufficient_quota");
            assertThat(e.type()).contains("insufficient_quota");
            assertThat(e.getMessage()).contains("The monthly budget is spent.");
        });
    }

    @Test
    void endsAStreamWhoseBudgetIsExhaustedWithAnErrorChunk() {
        var question = "How many orders last month, streamed?";
        var params = ChatCompletionCreateParams.builder()
                .model("analyst")
                .addUserMessage(question)
                .build();

        var received = new ArrayList<ChatCompletionChunk>();
        var pending = CompletableFuture.supplyAsync(() -> {
            try (var stream = client.chat().completions().createStreaming(params)) {
                stream.stream().forEach(received::add);
            }
            return received;
        });
        publish(List.of(budgetExhausted(awaitQuestion(question))));

        assertThatThrownBy(() -> join(pending)).isInstanceOfSatisfying(SseException.class, e -> {
            assertThat(e.code()).contains("insufficient_quota");
            assertThat(e.getMessage()).contains("The monthly budget is spent.");
        });
        assertThat(received)
                .isNotEmpty()
                .noneSatisfy(chunk -> assertThat(chunk.choices())
                        .anySatisfy(choice -> assertThat(choice.finishReason()).isPresent()));
    }

    @Test
    void refusesAnUnknownModelAndARequestWithoutAUserMessage() {
        var unknownModel = ChatCompletionCreateParams.builder()
                .model("gpt-4o")
                .addUserMessage("Hello")
                .build();
        assertThatThrownBy(() -> client.chat().completions().create(unknownModel))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.code()).contains("model_not_found");
                    assertThat(e.param()).contains("model");
                });

        var noQuestion = ChatCompletionCreateParams.builder()
                .model("analyst")
                .addSystemMessage("You are a helpful analyst.")
                .build();
        assertThatThrownBy(() -> client.chat().completions().create(noQuestion))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.code()).contains("missing_user_message");
                    assertThat(e.param()).contains("messages");
                    assertThat(e.type()).contains("invalid_request_error");
                });
    }

    @Test
    void writesTheStreamAsOpenAisServerSentEventsEndingWithDone() {
        var question = "Which region sold the least?";
        var body = """
                {"model": "analyst", "stream": true, "stream_options": {"include_usage": true},
                 "messages": [{"role": "user", "content": [{"type": "text", "text": "%s"}]}]}
                """.formatted(question);

        var pending = http.sendAsync(post("/v1/chat/completions", KEY, body), HttpResponse.BodyHandlers.ofString());
        var asked = awaitQuestion(question);
        publish(List.of(answer(asked, "South|West sold the least: 17.5.")));
        var response = join(pending);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("X-Conversation-Id"))
                .contains(asked.conversationId().toString());
        var data = response.body()
                .lines()
                .filter(line -> line.startsWith("data:"))
                .map(line -> line.substring("data:".length()).strip())
                .toList();
        assertThat(data.getLast()).isEqualTo("[DONE]");
        var usage = mapper.readTree(data.get(data.size() - 2));
        assertThat(usage.get("object").asString()).isEqualTo("chat.completion.chunk");
        assertThat(usage.get("choices").isEmpty()).isTrue();
        assertThat(usage.get("usage").get("total_tokens").asLong()).isPositive();
        var first = mapper.readTree(data.getFirst());
        assertThat(first.get("choices").get(0).get("delta").get("role").asString())
                .isEqualTo("assistant");
    }

    @Test
    void answersEveryOtherV1ErrorInOpenAisShape() {
        var noKey = join(http.sendAsync(
                HttpRequest.newBuilder(uri("/v1/models")).build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(mapper.readTree(noKey.body()).get("error").get("code").asString())
                .isEqualTo("missing_api_key");

        var wrongMethod = join(http.sendAsync(
                HttpRequest.newBuilder(uri("/v1/chat/completions"))
                        .header("Authorization", "Bearer " + KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(wrongMethod.statusCode()).isEqualTo(404);
        assertThat(mapper.readTree(wrongMethod.body())
                        .get("error")
                        .get("message")
                        .asString())
                .isEqualTo("Invalid URL (GET /v1/chat/completions)");

        var notJson = join(
                http.sendAsync(post("/v1/chat/completions", KEY, "{not json"), HttpResponse.BodyHandlers.ofString()));
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(mapper.readTree(notJson.body()).get("error").get("type").asString())
                .isEqualTo("invalid_request_error");

        var strangersConversation = join(http.sendAsync(
                post("/v1/chat/completions", KEY, """
                        {"model": "analyst", "messages": [{"role": "user", "content": "And then?"}],
                         "metadata": {"conversation_id": "%s"}}
                        """.formatted(UUID.randomUUID())),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(strangersConversation.statusCode()).isEqualTo(404);
        assertThat(strangersConversation.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(mapper.readTree(strangersConversation.body())
                        .get("error")
                        .get("code")
                        .asString())
                .isEqualTo("conversation_not_found");
    }

    private HttpRequest post(String path, String key, String json) {
        return HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder()
                .apiKey(key)
                .baseUrl("http://localhost:" + port + "/v1")
                // A retried completion would ask the question again; each test answers one.
                .maxRetries(0)
                .timeout(TIMEOUT)
                .build();
    }

    /** The question as the gateway published it for the agent, found by its text and this test's tenant. */
    private QuestionAsked awaitQuestion(String text) {
        var found = new ArrayList<QuestionAsked>();
        await().atMost(TIMEOUT).until(() -> {
            for (var record : questions.poll(Duration.ofMillis(200))) {
                if (mapper.readValue(record.value(), Question.class) instanceof QuestionAsked asked
                        && asked.tenantId().equals(TENANT)
                        && asked.question().equals(text)) {
                    found.add(asked);
                }
            }
            return !found.isEmpty();
        });
        return found.getFirst();
    }

    private static AnswerCompleted answer(QuestionAsked asked, String text) {
        var result = new ResultTable(
                List.of(new ResultColumn("region", "text"), new ResultColumn("total", "numeric")),
                List.of(List.of("North", 42), List.of("South|West", 17.5)),
                false);
        var chart = new ChartSpec("bar", "Sales by region", "region", List.of("total"), "Region", "Total");
        return new AnswerCompleted(
                UUID.randomUUID(),
                Instant.now(),
                asked.runId(),
                asked.conversationId(),
                TENANT,
                text,
                SQL,
                result,
                chart,
                List.of("And by month?"));
    }

    private static RunFailed budgetExhausted(QuestionAsked asked) {
        return new RunFailed(
                UUID.randomUUID(),
                Instant.now(),
                asked.runId(),
                asked.conversationId(),
                TENANT,
                "budget-exhausted",
                "The monthly budget is spent.");
    }

    private void publish(List<RunEvent> events) {
        RunTopics.publish(mapper, events);
    }

    /** The SDK call's outcome; what it threw is rethrown as it was, for the assertions on its type. */
    private static <T> T join(CompletableFuture<T> pending) {
        try {
            return pending.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
