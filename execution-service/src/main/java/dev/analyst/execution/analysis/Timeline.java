package dev.analyst.execution.analysis;

import dev.analyst.contracts.step.StepError;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The time column of a forecast as positions on a regular axis: period 0 is the earliest time, one
 * period is the step the data moves in (the median gap between consecutive times), and future periods
 * continue from the latest time. Calendar steps (months, quarters, years) count in calendar units, so
 * monthly data continues on the first of the month, not every 30.4 days.
 */
abstract sealed class Timeline permits Timeline.Numeric, Timeline.Dates {

    /** Each row's time as a period index. */
    abstract double[] periods();

    /** The time {@code periods} steps after the latest one, as the time column shows it. */
    abstract Object future(int periods);

    /** "month", "year", "day": the step in words for "per month". */
    abstract String unit();

    static Timeline of(String column, List<Object> times) {
        if (times.stream().allMatch(Number.class::isInstance)) {
            return new Numeric(
                    times.stream().mapToDouble(t -> ((Number) t).doubleValue()).toArray());
        }
        LocalDateTime[] parsed = new LocalDateTime[times.size()];
        @Nullable Format format = null;
        for (int i = 0; i < parsed.length; i++) {
            Object time = times.get(i);
            if (!(time instanceof String text)) {
                throw notTime(column, time);
            }
            @Nullable Format detected = Format.of(text.strip());
            if (detected == null) {
                throw notTime(column, time);
            }
            format = format == null || format == detected ? detected : Format.DATE_TIME;
            parsed[i] = detected.parse(text.strip());
        }
        return new Dates(parsed, format == null ? Format.DATE : format);
    }

    private static AnalysisFailed notTime(String column, Object value) {
        return new AnalysisFailed(
                StepError.TYPE_MISMATCH,
                "Column \"%s\" holds \"%s\", but a forecast needs dates, timestamps or numbers such as years there."
                        .formatted(column, value));
    }

    /** The median of the positive gaps between sorted values: the step the series moves in. */
    static double step(double[] values, String column) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] gaps = new double[sorted.length];
        int count = 0;
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] > sorted[i - 1]) {
                gaps[count++] = sorted[i] - sorted[i - 1];
            }
        }
        if (count == 0) {
            throw new AnalysisFailed(
                    StepError.UNSUITABLE_DATA,
                    "Every row has the same %s, so there is no trend over time.".formatted(column));
        }
        double[] positive = Arrays.copyOf(gaps, count);
        Arrays.sort(positive);
        // The lower median is an observed gap: integer years stay integers.
        return positive[(count - 1) / 2];
    }

    /** Numbers such as years: the step is the typical gap. */
    static final class Numeric extends Timeline {
        private final double[] values;
        private final double first;
        private final double last;
        private final double step;

        Numeric(double[] values) {
            this.values = values;
            this.first = Arrays.stream(values).min().orElse(0);
            this.last = Arrays.stream(values).max().orElse(0);
            this.step = step(values, "time");
        }

        @Override
        double[] periods() {
            return Arrays.stream(values).map(v -> (v - first) / step).toArray();
        }

        @Override
        Object future(int periods) {
            double time = last + periods * step;
            return time == Math.rint(time) && Math.abs(time) < 1e15 ? (Object) (long) time : (Object) time;
        }

        @Override
        String unit() {
            boolean years = step == 1 && first >= 1000 && last <= 3000 && first == Math.rint(first);
            return years ? "year" : "period";
        }
    }

    /** ISO dates, months or timestamps; a timestamp with an offset counts in UTC. */
    static final class Dates extends Timeline {
        private final LocalDateTime[] times;
        private final Format format;
        private final LocalDateTime first;
        private final LocalDateTime last;
        private final long months;
        private final Duration step;

        Dates(LocalDateTime[] times, Format format) {
            this.times = times;
            this.format = format;
            this.first = Arrays.stream(times).min(LocalDateTime::compareTo).orElseThrow();
            this.last = Arrays.stream(times).max(LocalDateTime::compareTo).orElseThrow();
            double[] seconds = Arrays.stream(times)
                    .mapToDouble(t -> Duration.between(first, t).toSeconds())
                    .toArray();
            long gap = (long) step(seconds, "time");
            long days = Math.round(gap / 86_400.0);
            // Calendar months vary from 28 to 31 days, quarters from 89 to 92, years 365 or 366.
            this.months =
                    days >= 28 && days <= 31 ? 1 : days >= 89 && days <= 92 ? 3 : days == 365 || days == 366 ? 12 : 0;
            this.step = Duration.ofSeconds(gap);
        }

        @Override
        double[] periods() {
            return Arrays.stream(times).mapToDouble(this::period).toArray();
        }

        private double period(LocalDateTime time) {
            if (months == 0) {
                return (double) Duration.between(first, time).toSeconds() / step.toSeconds();
            }
            long whole = ChronoUnit.MONTHS.between(first, time);
            LocalDateTime start = first.plusMonths(whole);
            double fraction = (double) Duration.between(start, time).toSeconds()
                    / Duration.between(start, first.plusMonths(whole + 1)).toSeconds();
            return (whole + fraction) / months;
        }

        @Override
        Object future(int periods) {
            LocalDateTime time =
                    months == 0 ? last.plus(step.multipliedBy(periods)) : last.plusMonths(months * periods);
            return format.render(time);
        }

        @Override
        String unit() {
            if (months > 0) {
                return months == 1 ? "month" : months == 3 ? "quarter" : "year";
            }
            long seconds = step.toSeconds();
            return seconds == 604_800
                    ? "week"
                    : seconds == 86_400 ? "day" : seconds == 3_600 ? "hour" : seconds == 60 ? "minute" : "period";
        }
    }

    enum Format {
        DATE,
        MONTH,
        DATE_TIME,
        OFFSET_DATE_TIME;

        static @Nullable Format of(String text) {
            for (Format format : values()) {
                try {
                    format.parse(text);
                    return format;
                } catch (DateTimeParseException e) {
                    // Try the next form.
                }
            }
            return null;
        }

        LocalDateTime parse(String text) {
            String iso = text.replace(' ', 'T');
            return switch (this) {
                case DATE -> LocalDate.parse(iso).atStartOfDay();
                case MONTH -> YearMonth.parse(iso).atDay(1).atStartOfDay();
                case DATE_TIME -> LocalDateTime.parse(iso);
                case OFFSET_DATE_TIME ->
                    OffsetDateTime.parse(iso)
                            .withOffsetSameInstant(ZoneOffset.UTC)
                            .toLocalDateTime();
            };
        }

        String render(LocalDateTime time) {
            return switch (this) {
                case DATE -> time.toLocalDate().toString();
                case MONTH -> YearMonth.from(time).toString();
                case DATE_TIME -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(time);
                case OFFSET_DATE_TIME -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.atOffset(ZoneOffset.UTC));
            };
        }
    }
}
