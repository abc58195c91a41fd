package dev.analyst.analytics.ledger;

import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The dashboards' API over the daily rollup (guarded by the admin key): cost, its projection, models, live stream. */
@RestController
@RequestMapping("/api/analytics")
class AnalyticsController {

    private final UsageRollups rollups;
    private final UsageStream stream;
    private final Clock clock = Clock.systemUTC();

    AnalyticsController(UsageRollups rollups, UsageStream stream) {
        this.rollups = rollups;
        this.stream = stream;
    }

    @GetMapping("/cost")
    Flux<CostGroup> cost(
            @RequestParam(defaultValue = "day") String groupBy,
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) @Nullable LocalDate to,
            @RequestParam(required = false) @Nullable @Size(min = 1, max = 200) String tenantId) {
        var grouping = CostGrouping.named(groupBy);
        var range = DayRange.of(from, to, clock);
        return rollups.cost(grouping, range.from(), range.to(), tenantId);
    }

    @GetMapping("/cost/projection")
    Mono<CostProjection> projection(
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) @Nullable LocalDate asOf,
            @RequestParam(required = false) @Nullable @Size(min = 1, max = 200) String tenantId) {
        var day = asOf != null ? asOf : LocalDate.now(clock);
        var monthToDate = rollups.costTotal(day.withDayOfMonth(1), day, tenantId);
        var trailing = rollups.costTotal(CostProjection.trailingFrom(day), day, tenantId);
        return Mono.zip(monthToDate, trailing)
                .map(totals -> CostProjection.of(
                        day,
                        totals.getT1().costMicros(),
                        totals.getT2().costMicros(),
                        totals.getT1().unpricedCalls()));
    }

    @GetMapping("/models")
    Flux<ModelPerformance> models(
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) @Nullable LocalDate to,
            @RequestParam(required = false) @Nullable @Size(min = 1, max = 200) String tenantId) {
        var range = DayRange.of(from, to, clock);
        return rollups.models(range.from(), range.to(), tenantId);
    }

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<?>> stream() {
        return stream.subscribe();
    }
}
