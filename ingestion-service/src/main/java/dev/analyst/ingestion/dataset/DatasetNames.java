package dev.analyst.ingestion.dataset;

import org.jspecify.annotations.Nullable;

/** Rules for the human name of a dataset (the SQL name is derived from it separately). */
public final class DatasetNames {

    public static final int MAX_LENGTH = 200;

    private DatasetNames() {}

    /** The name, stripped, or {@link InvalidDatasetName}. */
    public static String validate(@Nullable String name) {
        if (name == null) {
            throw new InvalidDatasetName();
        }
        var stripped = name.strip();
        if (stripped.isEmpty()
                || stripped.length() > MAX_LENGTH
                || stripped.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidDatasetName();
        }
        return stripped;
    }

    /** The uploaded file's name without directories and extension: "C:\\data\\housing.csv" is "housing". */
    static String fromFilename(@Nullable String filename) {
        var base = baseName(filename);
        if (base == null) {
            return "";
        }
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    /** The file name without the directories some clients send along, or null if nothing is left. */
    static @Nullable String baseName(@Nullable String filename) {
        if (filename == null) {
            return null;
        }
        var base = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1)
                .strip();
        return base.isEmpty() || base.length() > 255 ? null : base;
    }
}
