package dev.analyst.contracts.analysis;

import java.util.List;

/**
 * The trend of a time series and its continuation: rows are ordered by {@code time}, the trend fitted
 * and projected {@code horizon} periods ahead with a prediction interval.
 */
public record TrendForecast(String time, String value, int horizon) implements Analysis {

    @Override
    public List<String> columns() {
        return List.of(time, value);
    }
}
