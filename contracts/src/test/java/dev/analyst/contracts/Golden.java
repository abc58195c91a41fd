package dev.analyst.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The committed golden JSON of each record, and the way every service writes it. */
final class Golden {

    /** A mapper with Jackson's defaults; Spring Boot's only relaxes reading, it writes the same JSON. */
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    static final Path DIRECTORY = Path.of("src/test/resources/golden");

    private Golden() {}

    static Path file(Class<?> type) {
        return DIRECTORY.resolve(type.getSimpleName() + ".json");
    }

    static JsonNode read(Class<?> type) {
        try {
            return MAPPER.readTree(Files.readString(file(type)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON a producer writes: through the sealed interface, so the discriminator comes first. */
    static String write(Object sample) {
        return MAPPER.writerFor(sealedTypeOf(sample.getClass())).writeValueAsString(sample);
    }

    static Class<?> sealedTypeOf(Class<?> type) {
        return Arrays.stream(type.getInterfaces())
                .filter(Class::isSealed)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(type + " implements no sealed interface"));
    }

    /** Each topic's payload type and every sealed type its records hold (a dataset's location). */
    static List<Class<?>> sealedTypes() {
        var seen = new LinkedHashSet<Class<?>>();
        Arrays.stream(Topic.values()).forEach(topic -> visit(topic.payloadType(), seen));
        return seen.stream().filter(Class::isSealed).toList();
    }

    private static void visit(Type type, Set<Class<?>> seen) {
        if (type instanceof ParameterizedType generic) {
            Arrays.stream(generic.getActualTypeArguments()).forEach(argument -> visit(argument, seen));
        } else if (type instanceof Class<?> plain && seen.add(plain)) {
            if (plain.isSealed()) {
                Arrays.stream(plain.getPermittedSubclasses()).forEach(subtype -> visit(subtype, seen));
            }
            if (plain.isRecord()) {
                Arrays.stream(plain.getRecordComponents())
                        .forEach(component -> visit(component.getGenericType(), seen));
            }
        }
    }

    /** Two-space indents, {@code "name": value} and LF line ends whatever the platform. */
    static String pretty(JsonNode json) {
        var lines = new DefaultIndenter("  ", "\n");
        var printer = new DefaultPrettyPrinter(
                        Separators.createDefaultInstance().withObjectNameValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(lines)
                .withArrayIndenter(lines);
        return MAPPER.writer().with(printer).writeValueAsString(json) + "\n";
    }
}
