package dev.analyst.analytics.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * The UTC days a report covers, both ends included: by default the last {@value #DEFAULT_DAYS} days up
 * to today, never more than {@value #MAX_DAYS}.
 */
public record DayRange(LocalDate from, LocalDate to) {

    /** The default window of a report, in days, today included. */
    public static final int DEFAULT_DAYS = 30;

    /** The widest report served in one request. */
    public static final int MAX_DAYS = 366;

    /** The first instant of a UTC day: a day's rows are those at or after it and before the next day's. */
    public static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The range a request asks for, filling in what it leaves out; a 400 problem when it is backwards or too wide. */
    public static DayRange of(@Nullable LocalDate from, @Nullable LocalDate to, Clock clock) {
        var lastDay = to != null ? to : LocalDate.now(clock.withZone(ZoneOffset.UTC));
        var firstDay = from != null ? from : lastDay.minusDays(DEFAULT_DAYS - 1);
        if (firstDay.isAfter(lastDay)) {
            throw new InvalidDateRange("'from' (" + firstDay + ") is after 'to' (" + lastDay + ").");
        }
        if (ChronoUnit.DAYS.between(firstDay, lastDay) + 1 > MAX_DAYS) {
            throw new InvalidDateRange("A report covers at most " + MAX_DAYS + " days; ask for fewer.");
        }
        return new DayRange(firstDay, lastDay);
    }
}
