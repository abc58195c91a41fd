package dev.analyst.execution.analysis;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.analysis.TrendForecast;
import dev.analyst.contracts.step.StepError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * A straight-line trend of the value over the period index, projected ahead with 95% prediction
 * intervals (the interval for a single future value, wider than the trend's own confidence band).
 * Without a horizon it projects {@link #DEFAULT_HORIZON} periods, half a year of monthly data; it never
 * projects more than {@link #MAX_HORIZON}, as a straight line far beyond the data says little.
 */
final class TrendForecastOperation {

    static final int DEFAULT_HORIZON = 6;
    static final int MAX_HORIZON = 60;

    private TrendForecastOperation() {}

    static AnalysisResult run(TrendForecast spec, Frame frame) {
        Selection rows = frame.complete(spec.columns()).requireRows(3, "A trend with a prediction interval");
        double[] values = rows.numbers(spec.value());
        Timeline timeline = Timeline.of(spec.time(), rows.values(spec.time()));
        double[] periods = timeline.periods();
        if (Design.constant(values)) {
            throw new AnalysisFailed(
                    StepError.UNSUITABLE_DATA,
                    "%s has the same value in every row, so there is no trend to fit.".formatted(spec.value()));
        }
        int n = rows.n();
        var regression = new SimpleRegression();
        for (int i = 0; i < n; i++) {
            regression.addData(periods[i], values[i]);
        }
        double slope = regression.getSlope();
        double intercept = regression.getIntercept();
        double meanPeriod = 0;
        for (double period : periods) {
            meanPeriod += period / n;
        }
        double spread = regression.getXSumSquares();
        double residualError = Math.sqrt(regression.getMeanSquareError());
        var t = new TDistribution(n - 2);
        double critical = t.inverseCumulativeProbability(0.975);
        int horizon = spec.horizon() <= 0 ? DEFAULT_HORIZON : Math.min(spec.horizon(), MAX_HORIZON);

        var table = new TableBuilder()
                .column(
                        spec.time(),
                        frame.table().columns().get(frame.position(spec.time())).type())
                .column(spec.value(), TableBuilder.FLOAT)
                .column("trend", TableBuilder.FLOAT)
                .column("lower", TableBuilder.FLOAT)
                .column("upper", TableBuilder.FLOAT);
        List<Object> times = rows.values(spec.time());
        IntStream.range(0, n)
                .boxed()
                .sorted(Comparator.comparingDouble(i -> periods[i]))
                .forEach(i -> table.row(times.get(i), values[i], intercept + slope * periods[i], null, null));
        double lastPeriod = periods[0];
        for (double period : periods) {
            lastPeriod = Math.max(lastPeriod, period);
        }
        double forecast = 0;
        double lower = 0;
        double upper = 0;
        for (int h = 1; h <= horizon; h++) {
            double period = lastPeriod + h;
            forecast = intercept + slope * period;
            double half = critical
                    * residualError
                    * Math.sqrt(1 + 1.0 / n + (period - meanPeriod) * (period - meanPeriod) / spread);
            lower = forecast - half;
            upper = forecast + half;
            table.row(timeline.future(h), null, forecast, lower, upper);
        }

        // SimpleRegression's getSignificance() is 1 - cdf, which rounds a strong trend's p-value to 0.
        double p = 2 * t.cumulativeProbability(-Math.abs(slope / regression.getSlopeStdErr()));
        var statistics = new LinkedHashMap<String, Double>();
        statistics.put("n", (double) n);
        statistics.put("slope", slope);
        statistics.put("intercept", intercept);
        statistics.put("r_squared", regression.getRSquare());
        statistics.put("p_value", p);
        statistics.put("residual_std_error", residualError);
        statistics.put("horizon", (double) horizon);

        String unit = timeline.unit();
        var findings = new ArrayList<String>();
        findings.add("%s %s by %s per %s on average (R² = %s, %s, n = %s): the trend is %s."
                .formatted(
                        spec.value(),
                        slope >= 0 ? "rises" : "falls",
                        Phrases.number(Math.abs(slope)),
                        unit,
                        Phrases.number(regression.getRSquare()),
                        Phrases.p(p),
                        Phrases.count(n),
                        Phrases.significance(p)));
        findings.add("If it continues, %s will be about %s at %s, %d %s%s ahead (95%% prediction interval %s to %s)."
                .formatted(
                        spec.value(),
                        Phrases.number(forecast),
                        timeline.future(horizon),
                        horizon,
                        unit,
                        horizon == 1 ? "" : "s",
                        Phrases.number(lower),
                        Phrases.number(upper)));
        findings.addAll(rows.notes());

        String title = "Trend and forecast of " + spec.value();
        var chart = new ChartSpec(
                "line",
                title,
                spec.time(),
                List.of(spec.value(), "trend", "lower", "upper"),
                spec.time(),
                spec.value());
        return new AnalysisResult(title, table.build(), statistics, findings, chart);
    }
}
