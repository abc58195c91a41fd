package dev.analyst.analytics.activity;

import dev.analyst.analytics.ledger.DayRange;
import java.time.Clock;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** Daily user activity and answer feedback for the admin dashboards (guarded by the admin key); UTC days. */
@RestController
@RequestMapping("/api/analytics")
class ActivityController {

    private final ActivityLedger ledger;
    private final Clock clock = Clock.systemUTC();

    ActivityController(ActivityLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/users/activity")
    Flux<DailyActivity> activity(
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) @Nullable LocalDate to) {
        var range = DayRange.of(from, to, clock);
        return ledger.activity(range.from(), range.to());
    }

    @GetMapping("/feedback")
    Flux<DailyFeedback> feedback(
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) @Nullable LocalDate to) {
        var range = DayRange.of(from, to, clock);
        return ledger.feedback(range.from(), range.to());
    }
}
