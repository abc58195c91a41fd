package dev.analyst.execution.analysis;

import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.analysis.Anova;
import dev.analyst.contracts.step.StepError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import org.apache.commons.math3.distribution.FDistribution;

/**
 * One-way ANOVA from the sums of squares between and within groups. Computed directly rather than with
 * commons-math's OneWayAnova, which refuses groups of a single row that the F test itself allows.
 */
final class AnovaOperation {

    private AnovaOperation() {}

    static AnalysisResult run(Anova spec, Frame frame) {
        Selection rows = frame.complete(spec.columns());
        Groups groups = Groups.of(rows, spec.value(), spec.group());
        int n = rows.n();
        int k = groups.count();
        if (n <= k) {
            throw new AnalysisFailed(
                    StepError.UNSUITABLE_DATA,
                    "An ANOVA of %d groups needs more than %d rows, but there are %d.".formatted(k, k, n));
        }
        double grand = 0;
        for (double[] group : groups.values()) {
            for (double value : group) {
                grand += value / n;
            }
        }
        double between = 0;
        double within = 0;
        for (int g = 0; g < k; g++) {
            double mean = groups.mean(g);
            between += groups.values()[g].length * (mean - grand) * (mean - grand);
            for (double value : groups.values()[g]) {
                within += (value - mean) * (value - mean);
            }
        }
        if (within == 0) {
            throw new AnalysisFailed(
                    StepError.UNSUITABLE_DATA,
                    "%s does not vary within any group, so an ANOVA cannot weigh the differences."
                            .formatted(spec.value()));
        }
        int dfBetween = k - 1;
        int dfWithin = n - k;
        double f = (between / dfBetween) / (within / dfWithin);
        double p = 1 - new FDistribution(dfBetween, dfWithin).cumulativeProbability(f);
        double etaSquared = between / (between + within);

        var statistics = new LinkedHashMap<String, Double>();
        statistics.put("n", (double) n);
        statistics.put("groups", (double) k);
        statistics.put("f_statistic", f);
        statistics.put("df_between", (double) dfBetween);
        statistics.put("df_within", (double) dfWithin);
        statistics.put("p_value", p);
        statistics.put("eta_squared", etaSquared);

        int highest = 0;
        int lowest = 0;
        for (int g = 1; g < k; g++) {
            highest = groups.mean(g) > groups.mean(highest) ? g : highest;
            lowest = groups.mean(g) < groups.mean(lowest) ? g : lowest;
        }
        var findings = new ArrayList<String>();
        findings.add(
                "The mean of %s differs across the %d groups of %s: the difference is %s (F = %s, df = %d and %d, %s, n = %s)."
                        .formatted(
                                spec.value(),
                                k,
                                spec.group(),
                                Phrases.significance(p),
                                Phrases.number(f),
                                dfBetween,
                                dfWithin,
                                Phrases.p(p),
                                Phrases.count(n)));
        findings.add("%s explains %s of the variation in %s (η² = %s); the mean ranges from %s for %s to %s for %s."
                .formatted(
                        spec.group(),
                        Phrases.percent(etaSquared),
                        spec.value(),
                        Phrases.number(etaSquared),
                        Phrases.number(groups.mean(lowest)),
                        groups.label(lowest),
                        Phrases.number(groups.mean(highest)),
                        groups.label(highest)));
        findings.addAll(rows.notes());

        String title = "%s by %s (ANOVA)".formatted(spec.value(), spec.group());
        return new AnalysisResult(title, groups.table(), statistics, findings, groups.chart(title));
    }
}
