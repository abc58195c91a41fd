package dev.analyst.analytics.activity;

import static org.awaitility.Awaitility.await;

import dev.analyst.analytics.LiveServiceTest;
import dev.analyst.contracts.question.AnswerRated;
import dev.analyst.contracts.question.QuestionAsked;
import dev.analyst.contracts.usage.ModelCalled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Activity and feedback are reported across tenants, so each test owns days no other test uses, and
 * its event ids are derived from names so that a rerun against the same database changes nothing.
 */
class ActivityIT extends LiveServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String TENANT = "activity-tenant";

    @Test
    void countsActiveAndNewUsersConversationsAndQuestionsPerDay() {
        var runOfAda = id("run-ada");
        var runOfLin = id("run-lin");
        // Ada: first call on the 10th, again on the 11th.
        publish(call("ada-1", runOfAda, "ada", "2019-01-10T09:00:00Z"));
        publish(call("ada-2", runOfAda, "ada", "2019-01-11T09:00:00Z"));
        // Grace: two calls on the 11th, her first day.
        publish(call("grace-1", id("run-grace"), "grace", "2019-01-11T10:00:00Z"));
        publish(call("grace-2", id("run-grace"), "grace", "2019-01-11T11:00:00Z"));
        // Edsger: first seen before the range, active on the 12th, new on no day of it.
        publish(call("edsger-1", id("run-edsger"), "edsger", "2019-01-05T10:00:00Z"));
        publish(call("edsger-2", id("run-edsger"), "edsger", "2019-01-12T10:00:00Z"));
        // Lin: a call of the 12th arrives before an older one of the 10th, which makes the 10th her first day.
        publish(call("lin-1", runOfLin, "lin", "2019-01-12T08:00:00Z"));
        publish(call("lin-2", runOfLin, "lin", "2019-01-10T08:00:00Z"));

        var conversationOfAda = id("conversation-ada");
        var first = asked("q-1", conversationOfAda, "ada", "2019-01-10T09:00:00Z");
        publish(first);
        publish(first); // redelivered
        publish(asked("q-2", conversationOfAda, "ada", "2019-01-10T09:05:00Z"));
        publish(asked("q-3", id("conversation-lin"), "lin", "2019-01-10T08:00:00Z"));
        publish(asked("q-4", conversationOfAda, "ada", "2019-01-11T09:00:00Z"));

        await().atMost(PATIENCE)
                .untilAsserted(() -> admin("/api/analytics/users/activity?from=2019-01-10&to=2019-01-12")
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .json("""
                                [
                                  {"day": "2019-01-10", "activeUsers": 2, "newUsers": 2, "askingUsers": 2,
                                   "conversations": 2, "questions": 3},
                                  {"day": "2019-01-11", "activeUsers": 2, "newUsers": 1, "askingUsers": 1,
                                   "conversations": 1, "questions": 1},
                                  {"day": "2019-01-12", "activeUsers": 2, "newUsers": 0, "askingUsers": 0,
                                   "conversations": 0, "questions": 0}
                                ]
                                """));
    }

    @Test
    void countsEachAnswersLatestRatingOnTheDayItWasGiven() {
        var conversation = id("conversation-ratings");
        var helpful = rated("r-1", "run-1", conversation, "2019-02-01T10:00:00Z", true);
        publish(helpful);
        publish(helpful); // redelivered
        publish(rated("r-2", "run-2", conversation, "2019-02-01T11:00:00Z", false));
        publish(rated("r-3", "run-3", conversation, "2019-02-02T10:00:00Z", true));
        // Run 4 rated wrong, then right: it counts once, as helpful.
        publish(rated("r-4", "run-4", conversation, "2019-02-02T11:00:00Z", false));
        publish(rated("r-5", "run-4", conversation, "2019-02-02T11:30:00Z", true));

        await().atMost(PATIENCE)
                .untilAsserted(() -> admin("/api/analytics/feedback?from=2019-02-01&to=2019-02-03")
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .json("""
                                [
                                  {"day": "2019-02-01", "helpful": 1, "notHelpful": 1},
                                  {"day": "2019-02-02", "helpful": 2, "notHelpful": 0}
                                ]
                                """));
    }

    private static ModelCalled call(String name, UUID runId, String user, String at) {
        return new ModelCalled(
                id(name),
                Instant.parse(at),
                runId,
                TENANT,
                user,
                "builtin",
                "analyst-builtin",
                "planner",
                10,
                5,
                0,
                100,
                40,
                true);
    }

    private static QuestionAsked asked(String name, UUID conversation, String user, String at) {
        return new QuestionAsked(
                id(name), Instant.parse(at), id("run-of-" + name), conversation, TENANT, user, "How many?", null);
    }

    private static AnswerRated rated(String name, String run, UUID conversation, String at, boolean correct) {
        return new AnswerRated(id(name), Instant.parse(at), id(run), conversation, TENANT, "ada", correct);
    }

    private static UUID id(String name) {
        return UUID.nameUUIDFromBytes(("activity-it/" + name).getBytes(StandardCharsets.UTF_8));
    }
}
