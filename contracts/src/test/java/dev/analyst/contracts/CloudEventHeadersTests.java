package dev.analyst.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.contracts.question.QuestionAsked;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The CloudEvents attributes a consumer or a console reader finds beside each value. */
class CloudEventHeadersTests {

    @Test
    void carriesTheCloudEventsAttributesOfAQuestionInOrder() {
        var question = new QuestionAsked(
                UUID.fromString("00000000-0000-4000-8000-000000000001"),
                Instant.parse("2026-03-14T09:26:53.589Z"),
                SampleEvents.RUN,
                SampleEvents.CONVERSATION,
                "acme",
                "ada",
                "How many orders?",
                null);

        assertThat(text(CloudEventHeaders.of(question, "gateway-service")))
                .containsExactly(
                        Map.entry("ce_specversion", "1.0"),
                        Map.entry("ce_id", "00000000-0000-4000-8000-000000000001"),
                        Map.entry("ce_source", "gateway-service"),
                        Map.entry("ce_type", "dev.analyst.QuestionAsked"),
                        Map.entry("ce_time", "2026-03-14T09:26:53.589Z"),
                        Map.entry("ce_subject", SampleEvents.CONVERSATION.toString()),
                        Map.entry("content-type", "application/json"));
    }

    static List<Event> events() {
        return SampleEvents.events();
    }

    @ParameterizedTest
    @MethodSource("events")
    void describesEveryEventByItsIdTimeRecordNameAndKey(Event event) {
        var headers = text(CloudEventHeaders.of(event, "agent-service"));

        assertThat(headers)
                .containsEntry("ce_id", event.eventId().toString())
                .containsEntry("ce_type", "dev.analyst." + event.getClass().getSimpleName())
                .containsEntry("ce_subject", event.key())
                .containsEntry("ce_source", "agent-service");
        assertThat(Instant.parse(headers.get("ce_time"))).isEqualTo(event.occurredAt());
    }

    @ParameterizedTest
    @MethodSource("events")
    void storedAttributesGiveTheSameHeadersAsTheEvent(Event event) {
        // An outbox relay rebuilds the headers from columns; consumers must not tell the difference.
        var fromColumns = CloudEventHeaders.of(
                event.eventId(), event.getClass().getSimpleName(), event.key(), event.occurredAt(), "agent-service");

        assertThat(text(fromColumns)).containsExactlyEntriesOf(text(CloudEventHeaders.of(event, "agent-service")));
    }

    @Test
    void typeNamesTheSameRecordAsTheJsonDiscriminator() {
        // A consumer may route on ce_type without parsing the value; it must agree with "type".
        for (var event : SampleEvents.events()) {
            var type = Golden.MAPPER.readTree(Golden.write(event)).get("type").asString();
            assertThat(text(CloudEventHeaders.of(event, "agent-service")).get("ce_type"))
                    .isEqualTo(CloudEventHeaders.TYPE_PREFIX + type);
        }
    }

    private static Map<String, String> text(Map<String, byte[]> headers) {
        var text = new LinkedHashMap<String, String>();
        headers.forEach((name, value) -> text.put(name, new String(value, StandardCharsets.UTF_8)));
        return text;
    }
}
