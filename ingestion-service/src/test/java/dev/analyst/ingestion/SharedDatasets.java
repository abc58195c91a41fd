package dev.analyst.ingestion;

import java.nio.file.Files;
import java.nio.file.Path;

/** The sample datasets in {@code shared/datasets}, found beside the repository checkout. */
public final class SharedDatasets {

    private SharedDatasets() {}

    public static Path path(String file) {
        for (var directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            var candidate = directory.resolve("shared").resolve("datasets").resolve(file);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/datasets/" + file + " is not beside the checkout");
    }
}
