package dev.analyst.contracts.analysis;

import java.util.List;

/**
 * Groups rows by their standardised numeric columns with k-means (k-means++ seeding).
 *
 * @param clusters how many groups; 0 lets execution choose between 2 and 8 by the silhouette
 */
public record KMeansClustering(List<String> columns, int clusters) implements Analysis {

    public KMeansClustering {
        columns = List.copyOf(columns);
    }
}
