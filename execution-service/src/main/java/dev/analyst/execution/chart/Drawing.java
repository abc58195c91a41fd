package dev.analyst.execution.chart;

import dev.analyst.contracts.ResultTable;
import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a figure is drawn from: rows, or what the database computed from too many of them. */
sealed interface Drawing {

    /**
     * Rows to plot.
     *
     * @param aggregation what still has to be combined per x (and series) in Java: the spec's own when
     *     the rows are the query's, {@code none} when the database already grouped them
     */
    record Points(List<PlotRow> rows, String aggregation) implements Drawing {

        public Points {
            rows = List.copyOf(rows);
        }
    }

    /** A histogram's bins: {@code counts.size()} bins of {@code width} starting at {@code start}. */
    record Bins(BigDecimal start, BigDecimal width, List<Long> counts) implements Drawing {

        public Bins {
            counts = List.copyOf(counts);
        }
    }

    /** Box plot statistics computed in the database, one per group. */
    record Boxes(List<BoxStats> boxes) implements Drawing {

        public Boxes {
            boxes = List.copyOf(boxes);
        }
    }

    /** One box: its group (the x value) and the five numbers plotly draws. */
    record BoxStats(
            @Nullable Object group,
            @Nullable Number q1,
            @Nullable Number median,
            @Nullable Number q3,
            @Nullable Number lowerFence,
            @Nullable Number upperFence) {}

    /**
     * A table's rows.
     *
     * @param totalRows how many rows the query has in all
     */
    record Rows(ResultTable table, long totalRows) implements Drawing {}
}
