package dev.analyst.analytics.ledger;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The admin API over the ledger (guarded by the admin key); days are UTC days. */
@RestController
@RequestMapping("/api/analytics")
class UsageController {

    /** Rows of {@code /usage/daily} per page unless asked otherwise: about 200 kB of JSON. */
    static final int DEFAULT_PAGE = 1_000;

    static final int MAX_PAGE = 10_000;

    private final ModelCallLedger ledger;
    private final JsonMapper mapper;

    UsageController(ModelCallLedger ledger, JsonMapper mapper) {
        this.ledger = ledger;
        this.mapper = mapper;
    }

    @GetMapping("/calls")
    Flux<RecordedCall> calls(
            @RequestParam(required = false) @Nullable UUID runId,
            @RequestParam(required = false) @Nullable @Size(min = 1, max = 200) String tenantId,
            @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit) {
        return ledger.calls(runId, tenantId, limit);
    }

    /**
     * One page of rollup rows in key order; when more follow, a {@code Link: <…>; rel="next"} header
     * carries the same query with the {@code after} cursor of the next page. The body stays a plain
     * array, as before paging, so a range that fits in one page reads exactly as it did.
     */
    @GetMapping("/usage/daily")
    Mono<ResponseEntity<List<DailyUsage>>> daily(
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) @Nullable LocalDate to,
            @RequestParam(required = false) @Nullable @Size(min = 1, max = 200) String tenantId,
            @RequestParam(required = false) @Nullable @Size(min = 1, max = 2000) String after,
            @RequestParam(defaultValue = "" + DEFAULT_PAGE) @Min(1) @Max(MAX_PAGE) int limit,
            ServerHttpRequest request) {
        var range = DayRange.of(from, to, Clock.systemUTC());
        var cursor = after == null ? null : DailyUsageCursor.decode(after, mapper);
        // One row more than asked tells whether another page follows without a count over the range.
        return ledger.daily(range.from(), range.to(), tenantId, cursor, limit + 1)
                .collectList()
                .map(rows -> {
                    if (rows.size() <= limit) {
                        return ResponseEntity.ok(rows);
                    }
                    var page = List.copyOf(rows.subList(0, limit));
                    var next = UriComponentsBuilder.fromUri(request.getURI())
                            .replaceQueryParam(
                                    "after",
                                    DailyUsageCursor.after(page.getLast()).encode(mapper))
                            .build(true)
                            .toUri();
                    return ResponseEntity.ok()
                            .header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"")
                            .body(page);
                });
    }

    @GetMapping("/usage/summary")
    Mono<UsageSummary> summary(
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) @Nullable LocalDate to,
            @RequestParam(required = false) @Nullable @Size(min = 1, max = 200) String tenantId) {
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidDateRange("'from' (" + from + ") is after 'to' (" + to + ").");
        }
        return ledger.summary(from, to, tenantId);
    }
}
