package dev.analyst.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.question.QuestionAsked;
import dev.analyst.contracts.question.RunCancelRequested;
import dev.analyst.contracts.run.AnswerCompleted;
import dev.analyst.contracts.run.ProgressReported;
import dev.analyst.contracts.run.RunFailed;
import dev.analyst.contracts.step.ChartRequested;
import dev.analyst.contracts.step.StepRequested;
import dev.analyst.contracts.step.StepSucceeded;
import dev.analyst.contracts.usage.ModelCalled;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s") // a shared 2-core CI machine can take more than the default 5 s
class RunCoordinatorIT extends AgentKafkaTest {

    @Test
    void plansAQuestionRunsItsStepAndAnswersOnceEvenWhenEventsArriveTwice() {
        var tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        var datasetId = homes(tenant, "price");
        var runId = UUID.randomUUID();
        var question = new QuestionAsked(
                UUID.randomUUID(),
                Instant.now(),
                runId,
                UUID.randomUUID(),
                tenant,
                "u1",
                "What is the average price?",
                "homes");
        publish(question);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(events(StepRequested.class, runId)).isNotEmpty());

        var step = events(StepRequested.class, runId).getFirst();
        assertThat(step.sql()).isEqualTo("SELECT avg(price) AS average_price FROM homes");
        assertThat(step.datasetId()).isEqualTo(datasetId);

        var result = new StepSucceeded(
                UUID.randomUUID(),
                Instant.now(),
                runId,
                step.stepId(),
                new ResultTable(
                        List.of(new ResultColumn("average_price", "numeric")), List.of(List.of(250000.5)), false),
                3);
        publish(result);
        publish(result);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var answers = events(AnswerCompleted.class, runId);
            assertThat(answers).hasSize(1);
            assertThat(answers.getFirst().text()).contains("250,000.50");
            assertThat(answers.getFirst().chart().type()).isEqualTo("number");
            assertThat(answers.getFirst().figure()).isNull();
        });
        assertThat(events(ChartRequested.class, runId))
                .as("no execution here draws it")
                .hasSize(1);
        assertThat(events(ProgressReported.class, runId))
                .extracting(ProgressReported::message)
                .contains("The chart took too long to draw; the answer comes without it");
        publish(question);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(events(StepRequested.class, runId)).hasSize(1);
            assertThat(events(AnswerCompleted.class, runId)).hasSize(1);
        });
        assertThat(events(ModelCalled.class, runId))
                .extracting(ModelCalled::stage)
                .containsExactlyInAnyOrder("validate", "decide", "plan", "summarise", "chart", "suggest");
    }

    @Test
    void stopsARunItsUserCancelsAndIgnoresTheStepThatWasInFlight() {
        var tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        homes(tenant, "price");
        var runId = UUID.randomUUID();
        var conversationId = UUID.randomUUID();
        var step = askForTheAveragePrice(tenant, runId, conversationId);

        // Another user of the tenant cannot stop it; its user can, once however often the request comes.
        publish(new RunCancelRequested(UUID.randomUUID(), Instant.now(), runId, conversationId, tenant, "u2"));
        var cancel = new RunCancelRequested(UUID.randomUUID(), Instant.now(), runId, conversationId, tenant, "u1");
        publish(cancel);
        publish(cancel);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(events(RunFailed.class, runId))
                        .singleElement()
                        .satisfies(failed -> {
                            assertThat(failed.reason()).isEqualTo("cancelled");
                            assertThat(failed.conversationId()).isEqualTo(conversationId);
                        }));

        // The step was already running in execution; its result finds the run stopped and changes nothing.
        answerLateAndExpectNoChange(runId, step);
    }

    @Test
    void failsARunWhoseStepNeverAnswersOnceItsLeaseIsOver(
            @Autowired DatabaseClient database, @Autowired RunCoordinator coordinator) {
        var tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        homes(tenant, "price");
        var runId = UUID.randomUUID();
        var conversationId = UUID.randomUUID();
        var step = askForTheAveragePrice(tenant, runId, conversationId);

        // Its step is lost (say its request went to the DLT): nothing will ever answer it. Age the run past
        // the lease rather than wait it out.
        database.sql("UPDATE run SET updated_at = now() - interval '1 hour' WHERE run_id = :runId")
                .bind("runId", runId)
                .fetch()
                .rowsUpdated()
                .block(Duration.ofSeconds(10));
        // The sweep runs on a timer once an instance has been up for a lease; here it is asked at once.
        assertThat(coordinator.failExpiredLeases().block(Duration.ofSeconds(30)))
                .isPositive();
        assertThat(coordinator.failExpiredLeases().block(Duration.ofSeconds(30)))
                .isZero();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(events(RunFailed.class, runId))
                        .singleElement()
                        .satisfies(failed -> {
                            assertThat(failed.reason()).isEqualTo("timed-out");
                            assertThat(failed.conversationId()).isEqualTo(conversationId);
                        }));

        // A result that turns up after all changes nothing: the run has ended.
        answerLateAndExpectNoChange(runId, step);
    }

    @Test
    void readsAFollowUpAgainstThePreviousQuestionOfTheConversation() {
        var tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        homes(tenant, "price", "bedrooms", "stories");
        var conversation = UUID.randomUUID();
        var first = UUID.randomUUID();
        publish(new QuestionAsked(
                UUID.randomUUID(),
                Instant.now(),
                first,
                conversation,
                tenant,
                "u1",
                "Show the average price by bedrooms",
                null));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(events(StepRequested.class, first)).isNotEmpty());

        var second = UUID.randomUUID();
        publish(new QuestionAsked(
                UUID.randomUUID(),
                Instant.now(),
                second,
                conversation,
                tenant,
                "u1",
                "and by number of stories?",
                null));
        var elsewhere = UUID.randomUUID();
        publish(new QuestionAsked(
                UUID.randomUUID(),
                Instant.now(),
                elsewhere,
                UUID.randomUUID(),
                tenant,
                "u1",
                "and by number of stories?",
                null));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(events(StepRequested.class, second))
                    .singleElement()
                    .satisfies(step -> assertThat(step.sql())
                            .isEqualTo("SELECT stories, avg(price) AS average_price FROM homes GROUP BY stories"
                                    + " ORDER BY stories"));
            assertThat(events(ProgressReported.class, second))
                    .extracting(ProgressReported::message)
                    .contains("Read as a follow-up: Show the average price by number of stories");
            assertThat(events(ProgressReported.class, elsewhere))
                    .as("another conversation has no previous question")
                    .isNotEmpty()
                    .extracting(ProgressReported::message)
                    .noneMatch(message -> message.startsWith("Read as a follow-up"));
        });
    }

    /** Asks user u1's question about the homes dataset and waits for the step its run requests. */
    private StepRequested askForTheAveragePrice(String tenant, UUID runId, UUID conversationId) {
        publish(new QuestionAsked(
                UUID.randomUUID(),
                Instant.now(),
                runId,
                conversationId,
                tenant,
                "u1",
                "What is the average price?",
                "homes"));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(events(StepRequested.class, runId)).isNotEmpty());
        return events(StepRequested.class, runId).getFirst();
    }

    /** The step's result arrives after the run ended: it changes nothing, the run keeps its one ending. */
    private void answerLateAndExpectNoChange(UUID runId, StepRequested step) {
        publish(new StepSucceeded(
                UUID.randomUUID(),
                Instant.now(),
                runId,
                step.stepId(),
                new ResultTable(List.of(new ResultColumn("average_price", "numeric")), List.of(List.of(1.5)), false),
                3));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(events(AnswerCompleted.class, runId)).isEmpty();
            assertThat(events(RunFailed.class, runId)).hasSize(1);
        });
    }
}
