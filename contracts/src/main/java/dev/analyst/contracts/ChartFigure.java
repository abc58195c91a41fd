package dev.analyst.contracts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A chart ready to draw: Plotly's figure JSON ({@code data} traces and {@code layout}), so a browser
 * calls {@code Plotly.newPlot(element, figure.data, figure.layout)}, and the spec it was hydrated from.
 *
 * @param sampling how the rows were reduced to draw them ("Aggregated 20,640 rows into 40 bins", "A
 *     random sample of 2,000 of 20,640 points"), or null when every row is drawn as it is
 */
public record ChartFigure(
        ChartSpec spec,
        List<Map<String, @Nullable Object>> data,
        Map<String, @Nullable Object> layout,
        @Nullable String sampling) {

    public ChartFigure {
        data = data.stream()
                .map(trace -> Collections.unmodifiableMap(new LinkedHashMap<>(trace)))
                .toList();
        layout = Collections.unmodifiableMap(new LinkedHashMap<>(layout));
    }
}
