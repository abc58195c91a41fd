package dev.analyst.execution.query;

import io.r2dbc.postgresql.codec.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Database values as JSON-friendly Java values: numbers stay numbers (Long, BigDecimal, Double), dates
 * and times become ISO-8601 strings, arrays become lists, anything else its text.
 */
final class JsonValues {

    private JsonValues() {}

    static @Nullable Object of(@Nullable Object value) {
        return switch (value) {
            case null -> null;
            case Boolean b -> b;
            case Short s -> s.longValue();
            case Integer i -> i.longValue();
            case Long l -> l;
            case BigInteger b -> new BigDecimal(b);
            case BigDecimal d -> d;
            case Float f -> finite(f.doubleValue());
            case Double d -> finite(d);
            case String s -> s;
            case Character c -> c.toString();
            case LocalDate d -> d.toString();
            case LocalDateTime t -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
            case LocalTime t -> DateTimeFormatter.ISO_LOCAL_TIME.format(t);
            case OffsetDateTime t -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
            case ZonedDateTime t -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
            case OffsetTime t -> DateTimeFormatter.ISO_OFFSET_TIME.format(t);
            case Instant i -> i.toString();
            case Json json -> json.asString();
            case ByteBuffer buffer -> base64(buffer);
            case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
            case Object[] array -> list(array);
            default -> value.toString();
        };
    }

    /** JSON has no NaN or infinity; PostgreSQL's float types do. */
    private static Object finite(double value) {
        return Double.isFinite(value) ? value : Double.toString(value);
    }

    private static String base64(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static List<@Nullable Object> list(Object[] array) {
        var values = new ArrayList<@Nullable Object>(array.length);
        for (Object element : array) {
            values.add(of(element));
        }
        return values;
    }

    /** PostgreSQL's name for a driver type: {@code INT8} is {@code int8}, {@code TEXT_ARRAY} is {@code text[]}. */
    static String typeName(String driverName) {
        String name = driverName.toLowerCase(Locale.ROOT);
        return name.endsWith("_array") ? name.substring(0, name.length() - "_array".length()) + "[]" : name;
    }
}
