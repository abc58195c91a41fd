package dev.analyst.analytics.ledger;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a page of {@code /usage/daily} ended: the key of its last rollup row, handed to clients as an
 * opaque URL-safe token so the key's format may change without breaking their links.
 */
record DailyUsageCursor(LocalDate day, String tenantId, String userId, String provider, String model) {

    static DailyUsageCursor after(DailyUsage row) {
        return new DailyUsageCursor(row.day(), row.tenantId(), row.userId(), row.provider(), row.model());
    }

    String encode(JsonMapper mapper) {
        var json = mapper.writeValueAsBytes(List.of(day.toString(), tenantId, userId, provider, model));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
    }

    /** The cursor a token stands for; a 400 problem for anything this service did not hand out. */
    static DailyUsageCursor decode(String token, JsonMapper mapper) {
        try {
            var parts = mapper.readValue(
                    new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8), String[].class);
            if (parts.length != 5 || Arrays.asList(parts).contains(null)) {
                throw new IllegalArgumentException("expected 5 parts");
            }
            return new DailyUsageCursor(LocalDate.parse(parts[0]), parts[1], parts[2], parts[3], parts[4]);
        } catch (IllegalArgumentException | JacksonException | DateTimeParseException e) {
            throw new InvalidParameter("after", "'after' is not a cursor this API handed out.");
        }
    }
}
