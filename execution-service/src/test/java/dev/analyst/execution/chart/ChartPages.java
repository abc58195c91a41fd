package dev.analyst.execution.chart;

import dev.analyst.contracts.ChartFigure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a figure as a standalone page under {@code target/charts}, so a person can look at what the
 * tests drew. A by-product, not an assertion.
 */
final class ChartPages {

    private static final Path DIRECTORY = Path.of("target", "charts");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ChartPages() {}

    static void write(String name, ChartFigure figure) {
        String json = JSON.writeValueAsString(Map.of("data", figure.data(), "layout", figure.layout()))
                // A "</script>" inside a string must not end the page's script.
                .replace("</", "<\\/");
        String page = """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>%s</title>
                <script src="https://cdn.plot.ly/plotly-2.35.2.min.js"></script>
                </head>
                <body style="font-family: system-ui, sans-serif">
                <div id="chart" style="width: 100%%; max-width: 1000px; height: 560px"></div>
                <script>
                const figure = %s;
                Plotly.newPlot("chart", figure.data, figure.layout, {responsive: true});
                </script>
                </body>
                </html>
                """.formatted(escape(figure.spec().title()), json);
        try {
            Files.createDirectories(DIRECTORY);
            Files.writeString(DIRECTORY.resolve(name + ".html"), page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
