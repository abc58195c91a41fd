package dev.analyst.gateway.run;

import dev.analyst.gateway.GatewayProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The per-run Redis streams ({@code analyst:run:<runId>}) and the pub/sub channel that announces
 * each new entry to every gateway instance.
 */
@Component
class RunStreams {

    static final String CHANNEL = "analyst:run-events";

    /**
     * XADD with an explicit id, then EXPIRE and PUBLISH, atomically and in one round trip. An id not
     * above the stream's last one means the Kafka record was delivered before: returns 0 and changes
     * nothing (the first delivery already published). An event id the run's stream already holds means
     * the event was published twice (a producer that died between its send and its outbox cleanup sends
     * again, as a new record at a new offset): returns 0 too, so a client never sees one event twice.
     * Nothing is added after the run's ending event either (returns 0): a stopped run's summariser may
     * still send a piece or two, and a client that has the ending must not be told there is more. The
     * event ids are a set beside the stream ({@code KEYS[2]}), added to only once the entry is.
     */
    private static final RedisScript<Long> APPEND = RedisScript.of("""
            if redis.call('SISMEMBER', KEYS[2], ARGV[7]) == 1 then
              return 0
            end
            local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
            if last then
              local fields = last[2]
              for i = 1, #fields, 2 do
                if fields[i] == 'type' and (fields[i + 1] == 'AnswerCompleted' or fields[i + 1] == 'RunFailed') then
                  return 0
                end
              end
            end
            local added = redis.pcall('XADD', KEYS[1], ARGV[1], 'type', ARGV[2], 'data', ARGV[3])
            if type(added) == 'table' and added.err then
              if string.find(added.err, 'equal or smaller', 1, true) then
                return 0
              end
              return redis.error_reply(added.err)
            end
            redis.call('SADD', KEYS[2], ARGV[7])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            redis.call('PUBLISH', ARGV[5], ARGV[6])
            return 1
            """, Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final JsonMapper mapper;
    private final Duration ttl;

    RunStreams(ReactiveStringRedisTemplate redis, JsonMapper mapper, GatewayProperties properties) {
        this.redis = redis;
        this.mapper = mapper;
        this.ttl = properties.runStream().ttl();
    }

    static String key(String runId) {
        return "analyst:run:" + runId;
    }

    /** The event ids a run's stream holds, so an event published twice is relayed once. */
    static String eventIdsKey(String runId) {
        return key(runId) + ":event-ids";
    }

    /**
     * Appends the entry and announces it; emits false when the entry id was already taken (a redelivery)
     * or the event is in the stream already (published twice).
     */
    Mono<Boolean> append(RunStreamEntry entry, String eventId) {
        var notification = mapper.writeValueAsString(
                new RunNotification(entry.runId(), entry.id().toString(), entry.type(), entry.data()));
        return redis.execute(
                        APPEND,
                        List.of(key(entry.runId()), eventIdsKey(entry.runId())),
                        List.of(
                                entry.id().toString(),
                                entry.type(),
                                entry.data(),
                                Long.toString(ttl.toMillis()),
                                CHANNEL,
                                notification,
                                eventId))
                .next()
                .map(added -> added == 1L);
    }

    /** The entries after the given id, oldest first. */
    Flux<RunStreamEntry> after(UUID runId, StreamId after) {
        var id = runId.toString();
        // Inclusive (exclusive ranges need Redis 6.2); the caller's cursor drops the entry it already sent.
        return redis.<String, String>opsForStream()
                .range(key(id), Range.rightUnbounded(Range.Bound.inclusive(after.toString())))
                .map(record -> toEntry(id, record));
    }

    /** Whether the run's stream still exists (it expires some time after the run's last event). */
    Mono<Boolean> exists(UUID runId) {
        return redis.hasKey(key(runId.toString()));
    }

    /** Whether the run's stream holds a terminal entry at or before the id. */
    Mono<Boolean> terminalUpTo(UUID runId, StreamId upTo) {
        var id = runId.toString();
        return redis.<String, String>opsForStream()
                .range(key(id), Range.of(Range.Bound.unbounded(), Range.Bound.inclusive(upTo.toString())))
                .any(record -> RunStreamEntry.isTerminal(
                        String.valueOf(record.getValue().get("type"))));
    }

    /** The run's newest entry, if its stream still exists. */
    Mono<RunStreamEntry> last(UUID runId) {
        var id = runId.toString();
        return redis.<String, String>opsForStream()
                .reverseRange(key(id), Range.unbounded(), Limit.limit().count(1))
                .next()
                .map(record -> toEntry(id, record));
    }

    RunStreamEntry parseNotification(String json) {
        var notification = mapper.readValue(json, RunNotification.class);
        return new RunStreamEntry(
                notification.runId(), StreamId.parse(notification.id()), notification.type(), notification.data());
    }

    private static RunStreamEntry toEntry(String runId, MapRecord<String, String, String> record) {
        Map<String, String> fields = record.getValue();
        return new RunStreamEntry(
                runId,
                StreamId.parse(record.getId().getValue()),
                String.valueOf(fields.get("type")),
                String.valueOf(fields.get("data")));
    }

    /** What goes over the channel: enough for any instance to serve the entry without reading the stream. */
    record RunNotification(String runId, String id, String type, String data) {}
}
