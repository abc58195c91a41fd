package dev.analyst.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.contracts.run.RunStarted;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Keeps the AsyncAPI document in step with the topics, records and headers integrators actually get. */
class AsyncApiDocumentTests {

    private static final Path DOCUMENT = Path.of("src/main/resources/asyncapi.yaml");

    private static final JsonNode ASYNCAPI = YAMLMapper.builder().build().readTree(DOCUMENT.toFile());

    @Test
    void isAnAsyncApi3Document() {
        assertThat(ASYNCAPI.path("asyncapi").asString()).isEqualTo("3.0.0");
        assertThat(ASYNCAPI.at("/servers/local/protocol").asString()).isEqualTo("kafka");
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void describesEveryTopicWithItsPartitionsAndCleanupPolicy(Topic topic) {
        var kafka = channel(topic.topicName()).at("/bindings/kafka");

        assertThat(kafka.path("partitions").asInt()).isEqualTo(Topic.PARTITIONS);
        assertThat(kafka.at("/topicConfiguration/cleanup.policy").valueStream().map(JsonNode::asString))
                .containsExactly(topic.compacted() ? "compact" : "delete");
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void listsEveryRecordOfATopicOnItAndOnItsDeadLetterTopic(Topic topic) {
        var records = Arrays.stream(topic.payloadType().getPermittedSubclasses())
                .map(Class::getSimpleName)
                .toList();

        for (var address : List.of(topic.topicName(), topic.deadLetterTopicName())) {
            assertThat(channel(address)
                            .path("messages")
                            .valueStream()
                            .map(message -> resolve(message).path("name").asString()))
                    .as("messages on %s", address)
                    .containsExactlyElementsOf(records);
        }
    }

    @Test
    void declaresNoChannelWithoutATopic() {
        var addresses = Arrays.stream(Topic.values())
                .flatMap(topic -> Stream.of(topic.topicName(), topic.deadLetterTopicName()))
                .toList();

        assertThat(ASYNCAPI.path("channels")
                        .valueStream()
                        .map(channel -> channel.path("address").asString()))
                .containsExactlyInAnyOrderElementsOf(addresses);
    }

    static Stream<Class<?>> eventRecords() {
        return Arrays.stream(Topic.values())
                .flatMap(topic -> Arrays.stream(topic.payloadType().getPermittedSubclasses()));
    }

    @ParameterizedTest
    @MethodSource("eventRecords")
    void describesEveryRecordWithItsSchemaTypeHeaderAndKey(Class<?> type) {
        var name = type.getSimpleName();
        var topic = Arrays.stream(Topic.values())
                .filter(candidate -> candidate.payloadType().isAssignableFrom(type))
                .findFirst()
                .orElseThrow();
        var message = ASYNCAPI.at("/components/messages/" + name);

        assertThat(message.at("/payload/$ref").asString())
                .isEqualTo("schemas/%s.schema.json#/$defs/%s", topic.topicName(), name);
        assertThat(message.at("/headers/allOf/1/properties/ce_type/const").asString())
                .isEqualTo(CloudEventHeaders.TYPE_PREFIX + name);
        assertThat(resolve(message.path("bindings"))
                        .at("/kafka/key/description")
                        .asString())
                .containsIgnoringCase(topic.keyedBy());
    }

    @Test
    void headersSchemaRequiresEveryHeaderThatCloudEventHeadersWrites() {
        var sample = SampleEvents.events().stream()
                .filter(RunStarted.class::isInstance)
                .findFirst()
                .orElseThrow();
        var written = CloudEventHeaders.of(sample, "agent-service").keySet();
        var schema = ASYNCAPI.at("/components/schemas/CloudEventHeaders");

        assertThat(schema.path("required").valueStream().map(JsonNode::asString))
                .containsExactlyElementsOf(written);
        assertThat(schema.path("properties").propertyNames()).containsAll(written);
    }

    @Test
    void operationsSayWhichServiceSendsAndReceivesEachTopic() {
        var receives = List.of(
                "gateway-service receive analyst.run-events.v1",
                "gateway-service receive analyst.dataset-progress.v1",
                "gateway-service receive analyst.dashboards.v1",
                "agent-service receive analyst.questions.v1",
                "agent-service receive analyst.step-results.v1",
                "agent-service receive analyst.datasets.v1",
                "agent-service receive analyst.budgets.v1",
                "execution-service receive analyst.steps.v1",
                "execution-service receive analyst.datasets.v1",
                "execution-service receive analyst.dashboard-commands.v1",
                "execution-service receive analyst.dashboards.v1",
                "analytics-service receive analyst.usage.v1",
                "analytics-service receive analyst.budgets.v1");
        var expected = new ArrayList<>(List.of(
                "gateway-service send analyst.questions.v1",
                "gateway-service send analyst.dashboard-commands.v1",
                "agent-service send analyst.steps.v1",
                "agent-service send analyst.run-events.v1",
                "agent-service send analyst.usage.v1",
                "execution-service send analyst.step-results.v1",
                "execution-service send analyst.dashboards.v1",
                "ingestion-service send analyst.datasets.v1",
                "ingestion-service send analyst.dataset-progress.v1",
                "analytics-service send analyst.budgets.v1"));
        expected.addAll(receives);
        // Each consumer's error handler publishes what it cannot handle to the topic's dead-letter topic.
        receives.forEach(receive -> expected.add(receive.replace(" receive ", " send ") + ".DLT"));

        var described = ASYNCAPI.path("operations")
                .valueStream()
                .map(operation -> "%s %s %s"
                        .formatted(
                                operation.at("/tags/0/name").asString(),
                                operation.path("action").asString(),
                                resolve(operation.path("channel"))
                                        .path("address")
                                        .asString()))
                .toList();

        assertThat(described).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void consumersReadWithTheirModuleNameAsGroupId() {
        var receives = ASYNCAPI.path("operations")
                .valueStream()
                .filter(operation -> operation.path("action").asString().equals("receive"))
                .toList();

        assertThat(receives)
                .hasSize(13)
                .allSatisfy(operation -> assertThat(resolve(operation.path("bindings"))
                                .at("/kafka/groupId/const")
                                .asString())
                        .isEqualTo(operation.at("/tags/0/name").asString()));
    }

    @Test
    void operationsOnlyNameMessagesOfTheirChannel() {
        ASYNCAPI.path("operations")
                .valueStream()
                .forEach(operation -> assertThat(operation
                                .path("messages")
                                .valueStream()
                                .map(message -> message.path("$ref").asString()))
                        .allSatisfy(reference -> assertThat(reference)
                                .startsWith(operation.at("/channel/$ref").asString() + "/messages/")));
    }

    @Test
    void everyReferenceResolves() {
        var references = new ArrayList<String>();
        collectReferences(ASYNCAPI, references);

        assertThat(references)
                .hasSizeGreaterThan(50)
                .allSatisfy(reference -> assertThat(resolveReference(reference).isMissingNode())
                        .as(reference)
                        .isFalse());
        assertThat(references.stream()
                        .filter(reference -> reference.startsWith("schemas/"))
                        .map(reference -> reference.replaceFirst("#.*", ""))
                        .collect(Collectors.toSet()))
                .as("every schema file is referenced")
                .isEqualTo(Arrays.stream(Topic.values())
                        .map(topic -> "schemas/" + topic.topicName() + ".schema.json")
                        .collect(Collectors.toSet()));
    }

    private static JsonNode channel(String address) {
        return ASYNCAPI.path("channels")
                .valueStream()
                .filter(channel -> channel.path("address").asString().equals(address))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No channel with address " + address));
    }

    private static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? resolve(resolveReference(node.get("$ref").asString())) : node;
    }

    /** A local reference ({@code #/...}) or one into a schema file beside the document. */
    private static JsonNode resolveReference(String reference) {
        var hash = reference.contains("#") ? reference.indexOf('#') : reference.length();
        var pointer = reference.substring(Math.min(hash + 1, reference.length()));
        if (hash == 0) {
            return ASYNCAPI.at(pointer);
        }
        var file = DOCUMENT.resolveSibling(reference.substring(0, hash));
        return Files.exists(file) ? Golden.MAPPER.readTree(file.toFile()).at(pointer) : MissingNode.getInstance();
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.has("$ref")) {
            references.add(node.get("$ref").asString());
        }
        node.values().forEach(child -> collectReferences(child, references));
    }
}
