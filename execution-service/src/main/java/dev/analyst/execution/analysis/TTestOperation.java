package dev.analyst.execution.analysis;

import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.analysis.TTest;
import dev.analyst.contracts.step.StepError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Welch's two-sample t-test, which does not assume the groups share a variance. The difference is the
 * first group's mean minus the second's, the groups in natural order (false before true, 0 before 1).
 */
final class TTestOperation {

    private TTestOperation() {}

    static AnalysisResult run(TTest spec, Frame frame) {
        Selection rows = frame.complete(spec.columns());
        Groups groups = Groups.of(rows, spec.value(), spec.group());
        if (groups.count() != 2) {
            throw new AnalysisFailed(
                    StepError.UNSUITABLE_DATA,
                    "A t-test compares exactly two groups, but %s has %d; an ANOVA compares more."
                            .formatted(spec.group(), groups.count()));
        }
        double[] a = groups.values()[0];
        double[] b = groups.values()[1];
        if (a.length < 2 || b.length < 2) {
            throw new AnalysisFailed(
                    StepError.UNSUITABLE_DATA,
                    "A t-test needs at least two rows in each group, but %s has %d and %s has %d."
                            .formatted(groups.label(0), a.length, groups.label(1), b.length));
        }
        double meanA = groups.mean(0);
        double meanB = groups.mean(1);
        double shareA = Math.pow(groups.std(0), 2) / a.length;
        double shareB = Math.pow(groups.std(1), 2) / b.length;
        double error = Math.sqrt(shareA + shareB);
        if (error == 0) {
            throw new AnalysisFailed(
                    StepError.UNSUITABLE_DATA,
                    "%s does not vary within either group, so a t-test cannot weigh the difference."
                            .formatted(spec.value()));
        }
        double difference = meanA - meanB;
        double t = difference / error;
        // Welch–Satterthwaite degrees of freedom.
        double df =
                Math.pow(shareA + shareB, 2) / (shareA * shareA / (a.length - 1) + shareB * shareB / (b.length - 1));
        var distribution = new TDistribution(df);
        double p = 2 * distribution.cumulativeProbability(-Math.abs(t));
        double half = distribution.inverseCumulativeProbability(0.975) * error;

        var statistics = new LinkedHashMap<String, Double>();
        statistics.put("n", (double) rows.n());
        statistics.put("t", t);
        statistics.put("df", df);
        statistics.put("p_value", p);
        statistics.put("mean_difference", difference);
        statistics.put("ci_lower", difference - half);
        statistics.put("ci_upper", difference + half);

        var findings = new ArrayList<String>();
        findings.add("The mean of %s is %s %s for %s (%s, n = %s) than for %s (%s, n = %s)."
                .formatted(
                        spec.value(),
                        Phrases.number(Math.abs(difference)),
                        difference >= 0 ? "higher" : "lower",
                        groups.label(0),
                        Phrases.number(meanA),
                        Phrases.count(a.length),
                        groups.label(1),
                        Phrases.number(meanB),
                        Phrases.count(b.length)));
        findings.add("The difference is %s (Welch's t = %s, df = %s, %s; 95%% confidence interval %s to %s)."
                .formatted(
                        Phrases.significance(p),
                        Phrases.number(t),
                        Phrases.number(df),
                        Phrases.p(p),
                        Phrases.number(difference - half),
                        Phrases.number(difference + half)));
        findings.addAll(rows.notes());

        String title = "%s by %s (t-test)".formatted(spec.value(), spec.group());
        return new AnalysisResult(title, groups.table(), statistics, findings, groups.chart(title));
    }
}
