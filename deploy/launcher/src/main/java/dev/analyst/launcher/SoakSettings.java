package dev.analyst.launcher;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * What a soak run does: {@code --users} concurrent users for {@code --duration}, each pausing
 * {@code --think} between operations, after {@code --warmup} of the same load that is not measured; at
 * the end operations still running get {@code --grace} to finish, and none may take longer than
 * {@code --timeout}. {@code --seed} fixes every user's choices and generated file, so two runs offer the
 * same load.
 */
record SoakSettings(
        int users, Duration duration, long seed, Duration think, Duration warmup, Duration grace, Duration timeout) {

    private static final java.util.List<String> OPTIONS =
            java.util.List.of("--users", "--duration", "--seed", "--think", "--warmup", "--grace", "--timeout");
    private static final Pattern AMOUNT = Pattern.compile("(\\d+)(ms|s|m|h)?");

    SoakSettings {
        if (users < 1) {
            throw new IllegalArgumentException("--users must be at least 1, not " + users);
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("--duration must be positive, not " + duration);
        }
    }

    /** The settings from the command line; absent options take the defaults in the usage line. */
    static SoakSettings parse(String[] args) {
        for (int i = 0; i < args.length; i += 2) {
            if (!OPTIONS.contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("Expected pairs of an option among " + OPTIONS
                        + " and its value, got: " + String.join(" ", args));
            }
        }
        var seed = option(args, "--seed");
        return new SoakSettings(
                Integer.parseInt(option(args, "--users", "20")),
                duration(option(args, "--duration", "5m")),
                seed == null ? ThreadLocalRandom.current().nextLong(1, 1_000_000) : Long.parseLong(seed),
                duration(option(args, "--think", "200ms")),
                duration(option(args, "--warmup", "30s")),
                duration(option(args, "--grace", "60s")),
                duration(option(args, "--timeout", "120s")));
    }

    /**
     * {@code 200ms}, {@code 90s}, {@code 5m} or {@code 1h}; a bare number is seconds. Written the way a
     * person types it on a command line, not ISO-8601.
     */
    static Duration duration(String text) {
        var matcher = AMOUNT.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "Not a duration: '" + text + "' (expected a number with ms, s, m or h, such as 90s or 5m)");
        }
        long amount = Long.parseLong(matcher.group(1));
        var unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** A duration as it was typed: {@code 5m}, {@code 90s}, {@code 200ms}. */
    static String format(Duration duration) {
        if (duration.toMillisPart() != 0 || duration.isZero()) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    private static String option(String[] args, String name, String fallback) {
        var value = option(args, name);
        return value == null ? fallback : value;
    }

    private static @org.jspecify.annotations.Nullable String option(String[] args, String name) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }
}
