package dev.analyst.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole suite, started the way {@code deploy/analyst start} starts it: real PostgreSQL, Kafka and
 * Redis, the five services as separate processes from their built jars, the sample data loaded. The
 * test speaks only the public HTTP and SSE API. The suite is shared with the other integration tests of
 * this JVM ({@link SharedSuite}).
 */
class SuiteIT {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static Suite suite;

    @BeforeAll
    static void startSuite() throws Exception {
        suite = SharedSuite.get();
    }

    @Test
    void answersAQuestionAboutAnUploadedFileEndToEnd() throws Exception {
        var events = new SseClient()
                .post(
                        suite.gateway().resolve("/api/questions"),
                        suite.credentials().apiKey(),
                        "{\"question\": \"How many houses are in the dataset?\", \"dataset\": \"housing\"}");

        assertThat(events)
                .extracting(SseClient.ServerSentEvent::event)
                .startsWith("RunStarted")
                .contains("ProgressReported", "SqlGenerated", "ResultProduced", "ChartDesigned", "SummaryWritten")
                .endsWith("AnswerCompleted");
        assertThat(events).allSatisfy(event -> assertThat(event.id()).isNotBlank());
        var answer = json.readTree(events.getLast().data());
        assertThat(answer.path("result").path("rows").get(0).get(0).asLong()).isEqualTo(398);
        assertThat(answer.path("sql").asString()).containsIgnoringCase("count(");
        assertThat(answer.path("text").asString()).contains("398");
        assertThat(answer.path("chart").path("type").asString()).isEqualTo("number");

        var runId = answer.path("runId").asString();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var calls = analytics("/api/analytics/calls?runId=" + runId);
            assertThat(calls.isArray()).isTrue();
            assertThat(calls.size()).isGreaterThanOrEqualTo(3);
            assertThat(calls.get(0).path("provider").asString()).isEqualTo("builtin");
        });
    }

    @Test
    void answersAQuestionAboutAConnectedDatabase() throws Exception {
        var events = new SseClient()
                .post(
                        suite.gateway().resolve("/api/questions"),
                        suite.credentials().apiKey(),
                        "{\"question\": \"How many tracks are there?\", \"dataset\": \"chinook\"}");

        assertThat(events.getLast().event()).isEqualTo("AnswerCompleted");
        var answer = json.readTree(events.getLast().data());
        assertThat(answer.path("result").path("rows").get(0).get(0).asLong()).isEqualTo(3503);
    }

    @Test
    void saysWhatItCouldNotPlaceInsteadOfGuessing() throws Exception {
        var events = new SseClient()
                .post(
                        suite.gateway().resolve("/api/questions"),
                        suite.credentials().apiKey(),
                        "{\"question\": \"Why is the sky blue?\", \"dataset\": \"housing\"}");

        assertThat(events.getLast().event()).isEqualTo("RunFailed");
        assertThat(json.readTree(events.getLast().data()).path("reason").asString())
                .isEqualTo("not-understood");
    }

    @Test
    void kafkasOwnConsoleConsumerReadsEveryTopicAsPlainJson() throws Exception {
        new SseClient()
                .post(
                        suite.gateway().resolve("/api/questions"),
                        suite.credentials().apiKey(),
                        "{\"question\": \"What is the average price?\", \"dataset\": \"housing\"}");

        var javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var consumer = new ProcessBuilder(
                        javaBinary,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.apache.kafka.tools.consumer.ConsoleConsumer",
                        "--bootstrap-server",
                        suite.infrastructure().kafkaBootstrapServers(),
                        "--include",
                        "analyst\\..*\\.v1",
                        "--from-beginning",
                        "--timeout-ms",
                        "8000",
                        "--formatter-property",
                        "print.key=true",
                        "--formatter-property",
                        "key.separator=\t")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        var lines = new String(consumer.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertThat(consumer.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(lines).hasSizeGreaterThan(10);
        var types = new HashSet<String>();
        for (var line : lines) {
            var keyAndValue = line.split("\t", 2);
            assertThat(keyAndValue).as(line).hasSize(2);
            var value = json.readTree(keyAndValue[1]);
            assertThat(value.path("eventId").asString()).as(line).isNotBlank();
            types.add(value.path("type").asString());
        }
        assertThat(types)
                .contains(
                        "QuestionAsked",
                        "StepRequested",
                        "StepSucceeded",
                        "AnswerCompleted",
                        "ModelCalled",
                        "DatasetReady");
    }

    private static JsonNode analytics(String path) throws Exception {
        var request = HttpRequest.newBuilder(suite.url(Service.ANALYTICS).resolve(path))
                .header("Authorization", "Bearer " + suite.credentials().adminKey())
                .build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }
}
