package dev.analyst.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.contracts.question.QuestionAsked;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps the committed JSON Schemas equal to what {@link JsonSchemaGenerator} derives from the records,
 * and checks that the JSON Jackson really writes conforms to them.
 */
class JsonSchemaTests {

    static final Path SCHEMAS = Path.of("src/main/resources/schemas");

    private static final boolean REGENERATE = Boolean.getBoolean("contracts.regenerate");

    static Path schemaFile(Topic topic) {
        return SCHEMAS.resolve(topic.topicName() + ".schema.json");
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void committedSchemaDescribesTheRecords(Topic topic) throws IOException {
        var generated = JsonSchemaGenerator.schemaOf(topic);
        var file = schemaFile(topic);
        if (REGENERATE) {
            Files.createDirectories(SCHEMAS);
            Files.writeString(file, Golden.pretty(generated));
        }

        assertThat(file)
                .as("%s is missing: run ./mvnw -pl contracts test -Dcontracts.regenerate=true and commit it", file)
                .exists();
        assertThat(Golden.MAPPER.readTree(file.toFile()))
                .as(
                        "%s is out of date with the records: rerun the tests with -Dcontracts.regenerate=true,"
                                + " review the diff (is the change compatible for consumers?) and commit it",
                        file)
                .isEqualTo(generated);
    }

    @Test
    void noSchemaFileOutlivesItsTopic() throws IOException {
        try (var files = Files.list(SCHEMAS)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(Arrays.stream(Topic.values())
                            .map(topic -> schemaFile(topic).getFileName().toString())
                            .toList());
        }
    }

    static Stream<Named<Object>> samples() {
        return EventJsonTests.samples();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void goldenJsonConformsToItsSchema(Object sample) {
        var schema = schemaDefining(sample.getClass());
        var definition = schema.at("/$defs/" + sample.getClass().getSimpleName());

        assertThat(violations(Golden.read(sample.getClass()), definition, schema, "$"))
                .isEmpty();
    }

    @Test
    void conformanceCheckRejectsJsonTheSchemaDoesNotDescribe() {
        var schema = JsonSchemaGenerator.schemaOf(Topic.QUESTIONS);
        var golden = (ObjectNode) Golden.read(QuestionAsked.class);

        assertThat(violations(golden.deepCopy().put("occurredAt", 1773480413), schema, schema, "$"))
                .isNotEmpty();
        assertThat(violations(golden.deepCopy().put("type", "QuestionAnswered"), schema, schema, "$"))
                .isNotEmpty();
        assertThat(violations(golden.deepCopy().put("runId", "run-1"), schema, schema, "$"))
                .isNotEmpty();
        assertThat(violations(golden.deepCopy().put("mood", "curious"), schema, schema, "$"))
                .isNotEmpty();
        var withoutTenant = golden.deepCopy();
        withoutTenant.remove("tenantId");
        assertThat(violations(withoutTenant, schema, schema, "$")).isNotEmpty();
    }

    @Test
    void nullableComponentsAreOptionalAndMayBeNull() {
        var questions = JsonSchemaGenerator.schemaOf(Topic.QUESTIONS);
        var steps = JsonSchemaGenerator.schemaOf(Topic.STEP_RESULTS);

        assertThat(questions.at("/$defs/QuestionAsked/required").valueStream().map(JsonNode::asString))
                .contains("question")
                .doesNotContain("dataset");
        assertThat(questions
                        .at("/$defs/QuestionAsked/properties/dataset/type")
                        .valueStream()
                        .map(JsonNode::asString))
                .containsExactly("string", "null");
        assertThat(steps.at("/$defs/ResultTable/properties/rows/items/items/type")
                        .valueStream()
                        .map(JsonNode::asString))
                .containsExactly("string", "number", "boolean", "null");
    }

    @Test
    void datasetLocationsAreToldApartByKind() {
        var datasets = JsonSchemaGenerator.schemaOf(Topic.DATASETS);

        assertThat(datasets.at("/$defs/DatasetLocation/oneOf")
                        .valueStream()
                        .map(ref -> ref.get("$ref").asString()))
                .containsExactly("#/$defs/WarehouseSchema", "#/$defs/ExternalPostgres");
        assertThat(datasets.at("/$defs/ExternalPostgres/properties/kind/const").asString())
                .isEqualTo("ExternalPostgres");
    }

    private static JsonNode schemaDefining(Class<?> type) {
        return Arrays.stream(Topic.values())
                .map(JsonSchemaGenerator::schemaOf)
                .filter(schema -> !schema.at("/$defs/" + type.getSimpleName()).isMissingNode())
                .findFirst()
                .orElseThrow(() -> new AssertionError("No topic schema defines " + type.getSimpleName()));
    }

    /**
     * Checks a JSON value against the keywords the generator writes. Stricter than the schemas, which
     * leave objects open so new optional properties stay compatible: it also reports properties the
     * schema does not declare, so Jackson cannot write something the schema leaves out.
     */
    private static List<String> violations(JsonNode value, JsonNode schema, JsonNode root, String path) {
        if (schema.has("$ref")) {
            return violations(value, root.at(schema.get("$ref").asString().substring(1)), root, path);
        }
        var alternatives = schema.has("oneOf") ? schema.get("oneOf") : schema.get("anyOf");
        if (alternatives != null) {
            var matching = alternatives
                    .valueStream()
                    .filter(alternative ->
                            violations(value, alternative, root, path).isEmpty())
                    .count();
            var expected = schema.has("oneOf") ? matching == 1 : matching > 0;
            return expected ? List.of() : List.of(path + " matches " + matching + " alternatives");
        }
        var problems = new ArrayList<String>();
        if (schema.has("const") && !schema.get("const").equals(value)) {
            problems.add(path + " is not " + schema.get("const"));
        }
        if (schema.has("enum") && !schema.get("enum").values().contains(value)) {
            problems.add(path + " is none of " + schema.get("enum"));
        }
        var types = schema.path("type").isArray() ? schema.get("type").values() : List.of(schema.path("type"));
        if (schema.has("type") && types.stream().noneMatch(type -> hasType(value, type.asString()))) {
            return List.of(path + " is not of type " + schema.get("type"));
        }
        if (value.isString()
                && !hasFormat(value.asString(), schema.path("format").asString(""))) {
            problems.add(path + " is not a " + schema.get("format"));
        }
        var properties = schema.path("properties");
        schema.path("required")
                .valueStream()
                .filter(name -> !value.has(name.asString()))
                .forEach(name -> problems.add(path + "." + name.asString() + " is missing"));
        value.propertyStream().forEach(property -> {
            var propertyPath = path + "." + property.getKey();
            if (properties.has(property.getKey())) {
                problems.addAll(violations(property.getValue(), properties.get(property.getKey()), root, propertyPath));
            } else if (!schema.path("additionalProperties").asBoolean(false)) {
                problems.add(propertyPath + " is not declared");
            }
        });
        for (int i = 0; value.isArray() && schema.has("items") && i < value.size(); i++) {
            problems.addAll(violations(value.get(i), schema.get("items"), root, path + "[" + i + "]"));
        }
        return problems;
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isString();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new IllegalArgumentException("Unknown JSON Schema type " + type);
        };
    }

    private static boolean hasFormat(String value, String format) {
        try {
            return switch (format) {
                case "uuid" -> UUID.fromString(value).toString().equals(value);
                case "date-time" -> Instant.parse(value) != null;
                default -> true;
            };
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return false;
        }
    }
}
