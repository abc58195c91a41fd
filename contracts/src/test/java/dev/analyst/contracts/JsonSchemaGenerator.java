package dev.analyst.contracts;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Derives the JSON Schema (draft 2020-12) of a topic's payloads from the event records by reflection,
 * following what Jackson writes for them, so the published schemas cannot drift from the code.
 */
final class JsonSchemaGenerator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    // Named types (records, enums, sealed interfaces) of the schema being built, in the order met.
    private final ObjectNode defs = NODES.objectNode();

    private JsonSchemaGenerator() {}

    static ObjectNode schemaOf(Topic topic) {
        var generator = new JsonSchemaGenerator();
        var payload = topic.payloadType();
        var schema = NODES.objectNode()
                .put("$schema", "https://json-schema.org/draft/2020-12/schema")
                .put("title", topic.topicName())
                .put(
                        "description",
                        "The value of a record on %s, keyed by %s: one of %s, told apart by \"%s\"."
                                .formatted(
                                        topic.topicName(),
                                        topic.keyedBy(),
                                        Arrays.stream(payload.getPermittedSubclasses())
                                                .map(Class::getSimpleName)
                                                .collect(Collectors.joining(", ")),
                                        discriminator(payload)));
        schema.setAll(generator.sealed(payload));
        return schema.set("$defs", generator.defs);
    }

    private ObjectNode schemaOf(AnnotatedType annotated) {
        var schema = switch (annotated) {
            case AnnotatedParameterizedType list
            when list.getType() instanceof ParameterizedType type && type.getRawType() == List.class ->
                typed("array").set("items", schemaOf(list.getAnnotatedActualTypeArguments()[0]));
            // A stage's input and output: objects whose shape belongs to the stage, not the contract.
            case AnnotatedParameterizedType map
            when map.getType() instanceof ParameterizedType type && type.getRawType() == Map.class ->
                typed("object").put("additionalProperties", true);
            case AnnotatedType plain when plain.getType() instanceof Class<?> type -> schemaOf(type);
            default -> throwUnmapped(annotated.getType());
        };
        return annotated.isAnnotationPresent(Nullable.class) ? orNull(schema) : schema;
    }

    private ObjectNode schemaOf(Class<?> type) {
        if (type == String.class) {
            return typed("string");
        }
        if (type == UUID.class) {
            return typed("string").put("format", "uuid");
        }
        if (type == Instant.class) {
            return typed("string").put("format", "date-time");
        }
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return typed("integer");
        }
        if (type == double.class) {
            return typed("number");
        }
        if (type == boolean.class) {
            return typed("boolean");
        }
        if (type == Object.class) {
            // The only untyped values are result cells: JSON scalars (dates travel as ISO text).
            return NODES.objectNode().set("type", strings("string", "number", "boolean"));
        }
        if (type.isEnum() || type.isRecord() || type.isSealed()) {
            return reference(type);
        }
        return throwUnmapped(type);
    }

    private ObjectNode reference(Class<?> type) {
        var name = type.getSimpleName();
        if (!defs.has(name)) {
            defs.putObject(name); // claim the name first so a type that refers to itself terminates
            defs.set(name, type.isEnum() ? enumeration(type) : type.isRecord() ? record(type) : sealed(type));
        }
        return NODES.objectNode().put("$ref", "#/$defs/" + name);
    }

    private ObjectNode sealed(Class<?> type) {
        var variants = NODES.arrayNode();
        Arrays.stream(type.getPermittedSubclasses()).map(this::reference).forEach(variants::add);
        return NODES.objectNode().set("oneOf", variants);
    }

    /** A record as an object; one that implements a sealed interface also has the discriminator Jackson writes. */
    private ObjectNode record(Class<?> type) {
        var properties = NODES.objectNode();
        var required = NODES.arrayNode();
        for (var sealedParent : type.getInterfaces()) {
            if (sealedParent.isSealed()) {
                properties.set(discriminator(sealedParent), NODES.objectNode().put("const", type.getSimpleName()));
                required.add(discriminator(sealedParent));
            }
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (properties.has(component.getName())) {
                throw new IllegalStateException(type + "." + component.getName() + " clashes with the discriminator");
            }
            properties.set(component.getName(), schemaOf(component.getAnnotatedType()));
            if (!component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
                required.add(component.getName());
            }
        }
        return typed("object").set("properties", properties).set("required", required);
    }

    private static ObjectNode enumeration(Class<?> type) {
        var names = NODES.arrayNode();
        Arrays.stream(type.getEnumConstants())
                .map(constant -> ((Enum<?>) constant).name())
                .forEach(names::add);
        return typed("string").set("enum", names);
    }

    /** Jackson writes null for a null component, so a nullable property is optional and may be null. */
    private static ObjectNode orNull(ObjectNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return NODES.objectNode().set("anyOf", NODES.arrayNode().add(schema).add(typed("null")));
        }
        var types = type.isArray() ? ((ArrayNode) type).deepCopy() : strings(type.asString());
        return schema.set("type", types.add("null"));
    }

    private static String discriminator(Class<?> sealedType) {
        var typeInfo = sealedType.getAnnotation(JsonTypeInfo.class);
        if (typeInfo == null || typeInfo.use() != JsonTypeInfo.Id.SIMPLE_NAME) {
            throw new IllegalStateException(sealedType + " needs @JsonTypeInfo(use = SIMPLE_NAME, property = ...)");
        }
        return typeInfo.property();
    }

    private static ObjectNode typed(String type) {
        return NODES.objectNode().put("type", type);
    }

    private static ArrayNode strings(String... values) {
        var array = NODES.arrayNode();
        Arrays.stream(values).forEach(array::add);
        return array;
    }

    private static ObjectNode throwUnmapped(Type type) {
        throw new IllegalArgumentException(
                "No JSON Schema for " + type + ": teach JsonSchemaGenerator how Jackson writes it");
    }
}
