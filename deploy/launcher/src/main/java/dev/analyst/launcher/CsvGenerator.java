package dev.analyst.launcher;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a messy but well-formed CSV file of a given size, row by row straight to disk: integers,
 * decimals, dates, timestamps, short and long text (quoted fields holding commas, quotes and line
 * breaks, some non-ASCII), empty cells standing for nulls and a yes/no column. The same seed always
 * gives the same bytes, so runs of the benchmark compare like with like.
 */
final class CsvGenerator {

    static final List<String> HEADER = List.of(
            "order_id",
            "customer_id",
            "amount",
            "discount_rate",
            "order_date",
            "shipped_at",
            "city",
            "status",
            "quantity",
            "is_gift",
            "product",
            "comment");

    private static final String[] CITIES = {
        "Berlin", "Paris", "Lisbon", "Zürich", "São Paulo", "New York", "Osaka", "Kraków", "Austin", "Nairobi"
    };
    private static final String[] STATUSES = {"new", "paid", "shipped", "delivered", "returned"};
    private static final String[] PRODUCTS = {
        "Desk lamp", "Chair, oak", "Table", "Mug \"large\"", "Notebook", "Pen, blue", "Backpack", "Monitor 27\""
    };
    private static final String[] WORDS = {
        "quick",
        "delivery",
        "box",
        "was",
        "damaged",
        "but",
        "the",
        "item",
        "works",
        "fine",
        "thanks",
        "again",
        "will",
        "order",
        "more",
        "colour",
        "not",
        "as",
        "shown",
        "great",
        "value",
        "late",
        "by",
        "two",
        "days"
    };
    private static final LocalDate FIRST_DAY = LocalDate.of(2015, 1, 1);

    /** What was written. */
    record Written(long rows, long bytes) {}

    private CsvGenerator() {}

    /**
     * Writes rows until the file holds at least {@code targetBytes} or {@code maxRows} rows, whichever
     * comes first (so the file ends a row past the target size, never mid-row).
     */
    static Written write(Path file, long targetBytes, long maxRows, long seed) throws IOException {
        var random = new SplittableRandom(seed);
        try (var out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            long bytes = write(out, String.join(",", HEADER) + "\n");
            long rows = 0;
            var line = new StringBuilder(512);
            while (bytes < targetBytes && rows < maxRows) {
                line.setLength(0);
                row(random, ++rows, line);
                bytes += write(out, line.toString());
            }
            return new Written(rows, bytes);
        }
    }

    private static int write(OutputStream out, String text) throws IOException {
        var encoded = text.getBytes(StandardCharsets.UTF_8);
        out.write(encoded);
        return encoded.length;
    }

    private static void row(SplittableRandom random, long id, StringBuilder line) {
        line.append(id).append(',');
        line.append(1_000_000_000L + random.nextLong(9_000_000_000L)).append(',');
        // Cents, a few refunds below zero.
        long cents = random.nextInt(100) < 3 ? -random.nextLong(50_000) : random.nextLong(2_500_000);
        line.append(cents < 0 ? "-" : "")
                .append(Math.abs(cents) / 100)
                .append('.')
                .append(String.format("%02d", Math.abs(cents) % 100))
                .append(',');
        if (random.nextInt(10) > 0) {
            line.append("0.").append(String.format("%04d", random.nextInt(10_000)));
        }
        line.append(',');
        var day = FIRST_DAY.plusDays(random.nextInt(3650));
        line.append(day).append(',');
        if (random.nextInt(20) > 0) {
            var shipped = LocalDateTime.of(day, java.time.LocalTime.ofSecondOfDay(random.nextInt(86_400)))
                    .plusDays(random.nextInt(5));
            line.append(shipped.toLocalDate())
                    .append(' ')
                    .append(String.format(
                            "%02d:%02d:%02d", shipped.getHour(), shipped.getMinute(), shipped.getSecond()));
        }
        line.append(',');
        quoted(line, CITIES[random.nextInt(CITIES.length)]).append(',');
        line.append(STATUSES[random.nextInt(STATUSES.length)]).append(',');
        if (random.nextInt(25) > 0) {
            line.append(1 + random.nextInt(40));
        }
        line.append(',');
        line.append(random.nextBoolean() ? "yes" : "no").append(',');
        quoted(line, PRODUCTS[random.nextInt(PRODUCTS.length)]).append(',');
        if (random.nextInt(4) > 0) {
            quoted(line, comment(random));
        }
        line.append('\n');
    }

    /** A sentence of 5 to 60 words, sometimes with a comma, a quotation or a second line. */
    private static String comment(SplittableRandom random) {
        var text = new StringBuilder();
        int words = 5 + random.nextInt(56);
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                int mark = random.nextInt(40);
                text.append(
                        switch (mark) {
                            case 0 -> ", ";
                            case 1 -> "\n";
                            case 2 -> " \"";
                            default -> " ";
                        });
            }
            text.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }

    /** RFC 4180 quoting: only when needed, inner quotes doubled. */
    private static StringBuilder quoted(StringBuilder line, String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            return line.append(value);
        }
        return line.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
}
