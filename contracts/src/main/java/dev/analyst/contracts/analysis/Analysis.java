package dev.analyst.contracts.analysis;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One statistical operation over the rows a step's SQL selects. Columns are named as the SQL's result
 * names them; execution checks they exist and have the type the operation needs.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "operation")
@JsonSubTypes({
    @JsonSubTypes.Type(Describe.class),
    @JsonSubTypes.Type(CorrelationMatrix.class),
    @JsonSubTypes.Type(LinearRegression.class),
    @JsonSubTypes.Type(LogisticRegression.class),
    @JsonSubTypes.Type(KMeansClustering.class),
    @JsonSubTypes.Type(OutlierDetection.class),
    @JsonSubTypes.Type(TrendForecast.class),
    @JsonSubTypes.Type(TTest.class),
    @JsonSubTypes.Type(ChiSquareTest.class),
    @JsonSubTypes.Type(Anova.class)
})
public sealed interface Analysis
        permits Describe,
                CorrelationMatrix,
                LinearRegression,
                LogisticRegression,
                KMeansClustering,
                OutlierDetection,
                TrendForecast,
                TTest,
                ChiSquareTest,
                Anova {

    /** Every result column the operation reads, so the planner's SQL can select exactly these. */
    List<String> columns();
}
