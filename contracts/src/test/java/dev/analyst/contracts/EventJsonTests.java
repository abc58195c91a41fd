package dev.analyst.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/** Pins the JSON of every record to a committed golden file, the text consumers of each topic code against. */
class EventJsonTests {

    static Stream<Named<Object>> samples() {
        return SampleEvents.ALL.stream()
                .map(sample -> Named.of(sample.getClass().getSimpleName(), sample));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void writesTheGoldenJson(Object sample) {
        var written = Golden.MAPPER.readTree(Golden.write(sample));
        var file = Golden.file(sample.getClass());

        assertThat(file)
                .as(
                        "No golden file yet. If this is the JSON consumers should see, save it as %s:%n%s",
                        file, Golden.pretty(written))
                .exists();
        assertThat(written)
                .as(
                        "%s changed; consumers of the topic read the old shape. Written now:%n%s",
                        file, Golden.pretty(written))
                .isEqualTo(Golden.read(sample.getClass()));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void readsTheGoldenJsonBackToAnEqualRecord(Object sample) throws IOException {
        var golden = Files.readString(Golden.file(sample.getClass()));

        assertThat(Golden.MAPPER.readValue(golden, Golden.sealedTypeOf(sample.getClass())))
                .isEqualTo(sample);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void readsJsonWithPropertiesAddedByANewerProducer(Object sample) {
        // Adding an optional property is the compatible way to evolve a topic: a consumer built on
        // this version must still read the record.
        var newer = ((ObjectNode) Golden.read(sample.getClass())).put("addedLater", "ignored");

        assertThat(Golden.MAPPER.treeToValue(newer, Golden.sealedTypeOf(sample.getClass())))
                .isEqualTo(sample);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void writesOneLineThatStartsWithTheDiscriminator(Object sample) {
        var sealedType = Golden.sealedTypeOf(sample.getClass());
        var discriminator = sealedType.getAnnotation(JsonTypeInfo.class).property();

        // A console consumer prints one record per line; the type first tells a reader (and a
        // streaming parser) what follows.
        assertThat(Golden.write(sample))
                .doesNotContain("\n")
                .startsWith("{\"%s\":\"%s\","
                        .formatted(discriminator, sample.getClass().getSimpleName()));
    }

    @Test
    void everyRecordOfEverySealedTypeHasASampleAndAGoldenFile() throws IOException {
        var records = Golden.sealedTypes().stream()
                .flatMap(type -> Arrays.stream(type.getPermittedSubclasses()))
                .toList();

        assertThat(SampleEvents.ALL)
                .extracting(Object::getClass)
                .as("SampleEvents.ALL needs one sample of each record")
                .containsExactlyInAnyOrderElementsOf(records);
        assertThat(records).allSatisfy(type -> assertThat(Golden.file(type)).exists());
        try (var files = Files.list(Golden.DIRECTORY)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .as("golden files of records that no longer exist")
                    .containsExactlyInAnyOrderElementsOf(records.stream()
                            .map(type -> type.getSimpleName() + ".json")
                            .toList());
        }
    }

    @Test
    void jsonSubTypesNameEveryPermittedRecord() {
        // Jackson resolves a "type" value only through @JsonSubTypes; a record missing there can be
        // written but never read.
        assertThat(Golden.sealedTypes())
                .hasSize(13)
                .allSatisfy(type -> assertThat(Arrays.stream(
                                        type.getAnnotation(JsonSubTypes.class).value())
                                .map(JsonSubTypes.Type::value))
                        .as("@JsonSubTypes of %s", type.getSimpleName())
                        .containsExactlyInAnyOrder(type.getPermittedSubclasses()));
    }
}
