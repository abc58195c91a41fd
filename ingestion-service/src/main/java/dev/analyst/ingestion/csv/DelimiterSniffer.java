package dev.analyst.ingestion.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * Guesses the field separator of a delimited text file from its first lines: the candidate that
 * splits the header into the most fields and every following line into the same number wins.
 */
public final class DelimiterSniffer {

    /** In order of preference when two candidates fit equally well. */
    static final char[] CANDIDATES = {',', ';', '\t', '|'};

    private static final int MAX_RECORDS = 100;

    private DelimiterSniffer() {}

    /**
     * The delimiter of the text that starts with {@code sample}.
     *
     * @param complete whether the sample is the whole file; if not, its last line may be cut and is
     *     ignored
     */
    public static char sniff(String sample, boolean complete) {
        var records = records(sample, complete);
        if (records.isEmpty()) {
            return ',';
        }
        char best = ',';
        double bestConsistency = -1;
        int bestFields = 0;
        for (char candidate : CANDIDATES) {
            int headerCount = count(records.getFirst(), candidate);
            if (headerCount == 0) {
                continue;
            }
            int agreeing = 0;
            for (int i = 1; i < records.size(); i++) {
                if (count(records.get(i), candidate) == headerCount) {
                    agreeing++;
                }
            }
            double consistency = records.size() == 1 ? 1.0 : (double) agreeing / (records.size() - 1);
            if (consistency > bestConsistency || (consistency == bestConsistency && headerCount > bestFields)) {
                best = candidate;
                bestConsistency = consistency;
                bestFields = headerCount;
            }
        }
        return best;
    }

    /** Records of the sample, split at line breaks outside double quotes; blank lines dropped. */
    private static List<String> records(String sample, boolean complete) {
        var records = new ArrayList<String>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < sample.length() && records.size() < MAX_RECORDS; i++) {
            char c = sample.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                addUnlessBlank(records, sample.substring(start, i));
                start = i + 1;
            }
        }
        // The tail of a cut sample is a partial line: trust it only when there is nothing else.
        if (records.size() < MAX_RECORDS && start < sample.length() && (complete || records.isEmpty())) {
            addUnlessBlank(records, sample.substring(start));
        }
        return records;
    }

    private static void addUnlessBlank(List<String> records, String record) {
        if (!record.isBlank()) {
            records.add(record);
        }
    }

    /** Occurrences of the delimiter outside double quotes. */
    private static int count(String record, char delimiter) {
        int count = 0;
        boolean quoted = false;
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == delimiter && !quoted) {
                count++;
            }
        }
        return count;
    }
}
