package dev.analyst.ingestion.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The rows of one worksheet (.xlsx or .xls), turned into a header and data rows. The header is the
 * first non-empty row, with two refinements for the headers people draw above their data:
 *
 * <ul>
 *   <li>a title row (one text cell, say "Sales 2024", above a row of at least two text cells) is
 *       skipped;
 *   <li>a two-row header (group labels such as "Q1" spanning merged cells above sub-labels such as
 *       "Sales", "Units") becomes one row, "Q1 Sales", "Q1 Units": a group label carries over the
 *       blank cells to its right. It is recognised when both rows hold only text, the first has a
 *       blank cell the second fills, and the row below them holds a number or date where the second
 *       has text, so an all-text table is never mistaken for one.
 * </ul>
 *
 * Only the first three non-empty rows are buffered; the rest stream straight to the sink.
 */
final class SheetRows {

    /**
     * A row of cells as strings, whether all of its non-blank cells are text, and which were typed
     * (numbers, dates, booleans) in the workbook.
     */
    private record Cells(List<@Nullable String> values, boolean allText, boolean[] typed) {

        boolean typedAt(int i) {
            return i < typed.length && typed[i];
        }

        int nonBlank() {
            int count = 0;
            for (var value : values) {
                if (value != null && !value.isBlank()) {
                    count++;
                }
            }
            return count;
        }

        boolean blankAt(int i) {
            return i >= values.size() || values.get(i) == null || values.get(i).isBlank();
        }

        String at(int i) {
            return blankAt(i) ? "" : values.get(i).strip();
        }
    }

    private final RowSink sink;
    private final List<Cells> pending = new ArrayList<>(3);
    private @Nullable List<String> header;

    SheetRows(RowSink sink) {
        this.sink = sink;
    }

    /**
     * The next row of the sheet.
     *
     * @param typed which cells were numbers, dates or booleans in the workbook rather than text
     */
    void accept(List<@Nullable String> values, boolean[] typed) throws IOException {
        boolean allText = true;
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) != null && i < typed.length && typed[i]) {
                allText = false;
            }
        }
        var cells = new Cells(values, allText, typed);
        if (cells.nonBlank() == 0) {
            return;
        }
        if (header != null) {
            sink.row(cells.values());
            return;
        }
        pending.add(cells);
        if (pending.size() == 3) {
            settleHeader();
        }
    }

    /** The sheet ended: settles the header if it is not yet, and returns it. */
    List<String> finish() throws IOException {
        if (header == null) {
            settleHeader();
        }
        return header == null ? List.of() : header;
    }

    private void settleHeader() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        var first = pending.getFirst();
        int dataFrom = 1;
        List<String> labels = labels(first);
        if (pending.size() >= 2) {
            var second = pending.get(1);
            if (first.allText() && first.nonBlank() == 1 && second.allText() && second.nonBlank() >= 2) {
                labels = labels(second); // a title above the real header
                dataFrom = 2;
            } else if (pending.size() == 3 && isGroupHeader(first, second, pending.get(2))) {
                labels = combine(first, second);
                dataFrom = 2;
            }
        }
        header = labels;
        for (int i = dataFrom; i < pending.size(); i++) {
            sink.row(pending.get(i).values());
        }
        pending.clear();
    }

    private static boolean isGroupHeader(Cells groups, Cells subs, Cells data) {
        if (!groups.allText() || !subs.allText() || subs.nonBlank() < 2) {
            return false;
        }
        boolean filledGap = false;
        for (int i = 0; i < subs.values().size(); i++) {
            if (groups.blankAt(i) && !subs.blankAt(i)) {
                filledGap = true;
            }
        }
        if (!filledGap) {
            return false;
        }
        // The row below must look like data under text labels: a typed cell where the
        // second row has text.
        for (int i = 0; i < data.values().size(); i++) {
            if (!data.blankAt(i) && !subs.blankAt(i) && data.typedAt(i)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> combine(Cells groups, Cells subs) {
        int width = Math.max(groups.values().size(), subs.values().size());
        var labels = new ArrayList<String>(width);
        var group = "";
        for (int i = 0; i < width; i++) {
            if (!groups.blankAt(i)) {
                group = groups.at(i);
            }
            var sub = subs.at(i);
            labels.add(group.isEmpty() ? sub : sub.isEmpty() ? group : group + " " + sub);
        }
        return labels;
    }

    private static List<String> labels(Cells row) {
        var labels = new ArrayList<String>(row.values().size());
        for (int i = 0; i < row.values().size(); i++) {
            labels.add(row.at(i));
        }
        return labels;
    }
}
