package dev.analyst.gateway.ingestion;

import dev.analyst.gateway.GatewayProperties;
import dev.analyst.gateway.run.StreamId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The per-dataset Redis streams of load progress ({@code analyst:dataset:<datasetId>}), fed from
 * {@code analyst.dataset-progress.v1} and read by every gateway instance. Entry ids are
 * {@code <offset + 1>-0}: a dataset's records share a partition, so ids grow across all its loads and
 * a redelivered record is refused as "equal or smaller".
 */
@Component
class DatasetStreams {

    /** XADD with an explicit id (capped, a 1 GB load makes about a thousand ticks) and EXPIRE, atomically. */
    private static final RedisScript<Long> APPEND = RedisScript.of("""
            local added = redis.pcall('XADD', KEYS[1], 'MAXLEN', '~', '20000', ARGV[1],
                                      'type', ARGV[2], 'phase', ARGV[3], 'terminal', ARGV[4], 'data', ARGV[5])
            if type(added) == 'table' and added.err then
              if string.find(added.err, 'equal or smaller', 1, true) then
                return 0
              end
              return redis.error_reply(added.err)
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[6])
            return 1
            """, Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final Duration ttl;

    DatasetStreams(ReactiveStringRedisTemplate redis, GatewayProperties properties) {
        this.redis = redis;
        this.ttl = properties.datasetStream().ttl();
    }

    static String key(UUID datasetId) {
        return "analyst:dataset:" + datasetId;
    }

    /** Appends the entry; emits false when its id was already taken (a redelivery). */
    Mono<Boolean> append(UUID datasetId, DatasetStreamEntry entry) {
        return redis.execute(
                        APPEND,
                        List.of(key(datasetId)),
                        List.of(
                                entry.id().toString(),
                                entry.type(),
                                entry.phase(),
                                Boolean.toString(entry.terminal()),
                                entry.data(),
                                Long.toString(ttl.toMillis())))
                .next()
                .map(added -> added == 1L);
    }

    /** The entries from the given id on (inclusive: the caller's cursor drops what it sent), oldest first. */
    Flux<DatasetStreamEntry> from(UUID datasetId, StreamId from) {
        return redis.<String, String>opsForStream()
                .range(key(datasetId), Range.rightUnbounded(Range.Bound.inclusive(from.toString())))
                .map(DatasetStreams::toEntry);
    }

    private static DatasetStreamEntry toEntry(MapRecord<String, String, String> record) {
        Map<String, String> fields = record.getValue();
        return new DatasetStreamEntry(
                StreamId.parse(record.getId().getValue()),
                String.valueOf(fields.get("type")),
                String.valueOf(fields.get("phase")),
                Boolean.parseBoolean(fields.get("terminal")),
                String.valueOf(fields.get("data")));
    }
}
