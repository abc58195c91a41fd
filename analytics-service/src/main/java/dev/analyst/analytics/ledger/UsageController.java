package dev.analyst.analytics.ledger;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The admin API over the ledger (guarded by the admin key); days are UTC days. */
@RestController
@RequestMapping("/api/analytics")
class UsageController {

    private final ModelCallLedger ledger;

    UsageController(ModelCallLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/calls")
    Flux<RecordedCall> calls(
            @RequestParam(required = false) @Nullable UUID runId,
            @RequestParam(required = false) @Nullable @Size(min = 1, max = 200) String tenantId,
            @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit) {
        return ledger.calls(runId, tenantId, limit);
    }

    @GetMapping("/usage/daily")
    Flux<DailyUsage> daily(
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) @Nullable LocalDate to,
            @RequestParam(required = false) @Nullable @Size(min = 1, max = 200) String tenantId) {
        var range = DayRange.of(from, to, Clock.systemUTC());
        return ledger.daily(range.from(), range.to(), tenantId);
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
