package dev.analyst.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The topic table every service declares its topics, keys and dead-letter topics from. */
class TopicTests {

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everyRecordOfAPayloadTypeMapsBackToItsTopic(Topic topic) {
        var onTopic = SampleEvents.events().stream()
                .filter(event -> topic.payloadType().isInstance(event))
                .toList();

        assertThat(onTopic)
                .extracting(Object::getClass)
                .containsExactlyInAnyOrder(topic.payloadType().getPermittedSubclasses());
        assertThat(onTopic).allSatisfy(event -> assertThat(Topic.of(event)).isEqualTo(topic));
    }

    @Test
    void rejectsAnEventNoTopicCarries() {
        record Stray(UUID eventId, Instant occurredAt) implements Event {
            @Override
            public String key() {
                return eventId.toString();
            }
        }

        assertThatIllegalArgumentException()
                .isThrownBy(() -> Topic.of(new Stray(UUID.randomUUID(), Instant.now())))
                .withMessageContaining("Stray");
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void keysRecordsByTheIdTheTopicNames(Topic topic) throws ReflectiveOperationException {
        // "run id" -> runId(): the key the table documents is the key the records really have.
        var accessor = topic.keyedBy().replace(" id", "Id");

        for (var event : SampleEvents.events().stream()
                .filter(event -> topic.payloadType().isInstance(event))
                .toList()) {
            var id = event.getClass().getMethod(accessor).invoke(event);
            assertThat(event.key()).as("key of %s", event).isEqualTo(id.toString());
        }
    }

    @Test
    void namesAreUniqueVersionedNouns() {
        assertThat(Topic.values())
                .extracting(Topic::topicName)
                .doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name).matches("analyst\\.[a-z]+(-[a-z]+)*\\.v[1-9][0-9]*"));
        assertThat(Topic.values()).extracting(Topic::payloadType).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void deadLetterTopicIsTheTopicNameWithDltSuffix(Topic topic) {
        assertThat(topic.deadLetterTopicName())
                .isEqualTo(topic.topicName() + ".DLT")
                .endsWith(".DLT");
    }

    @Test
    void onlyTopicsOfTheLatestStateOfSomethingAreCompacted() {
        // A compacted topic keeps one record a key: only right where the latest record is all that matters.
        assertThat(Arrays.stream(Topic.values()).filter(Topic::compacted))
                .containsExactly(Topic.DATASETS, Topic.DASHBOARDS, Topic.BUDGETS)
                .extracting(Topic::keyedBy)
                .containsExactly("dataset id", "dataset id", "holder");
    }
}
