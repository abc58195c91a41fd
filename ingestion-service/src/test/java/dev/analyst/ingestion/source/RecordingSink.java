package dev.analyst.ingestion.source;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Keeps what a source read, table by table. */
class RecordingSink implements RowSink {

    /** A table as read. */
    record Table(@Nullable String label, List<String> header, List<List<@Nullable String>> rows) {}

    final List<Table> tables = new ArrayList<>();
    private @Nullable String label;
    private List<List<@Nullable String>> rows = new ArrayList<>();

    @Override
    public void startTable(@Nullable String label) {
        this.label = label;
        rows = new ArrayList<>();
    }

    @Override
    public void row(List<@Nullable String> cells) {
        rows.add(new ArrayList<>(cells));
    }

    @Override
    public void endTable(List<String> header) {
        tables.add(new Table(label, header, rows));
    }
}
