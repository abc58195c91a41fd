package dev.analyst.ingestion.source;

import dev.analyst.ingestion.csv.MalformedFile;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON Lines file (UTF-8, one object per line) as one table: the columns are the union of the
 * objects' top-level keys in the order they first appear; nested objects and arrays are kept as JSON
 * text, JSON null and missing keys are null. A line that is not an object fails, naming the line.
 */
final class JsonLinesSource implements TabularSource {

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final UploadedFile file;
    private final JsonMapper mapper;
    private final int maxColumns;
    private final int maxLineLength;
    /** Characters consumed, a stand-in for bytes in progress reports (equal for ASCII). */
    private volatile long charsRead;

    JsonLinesSource(Path file, JsonMapper mapper, int maxColumns, int maxLineLength) {
        this(UploadedFile.complete(file), mapper, maxColumns, maxLineLength);
    }

    JsonLinesSource(UploadedFile file, JsonMapper mapper, int maxColumns, int maxLineLength) {
        this.file = file;
        this.mapper = mapper;
        this.maxColumns = maxColumns;
        this.maxLineLength = maxLineLength;
    }

    @Override
    public FileFormat format() {
        return FileFormat.JSON_LINES;
    }

    @Override
    public void read(RowSink sink) throws IOException {
        var in = new BufferedInputStream(file.open(), 1 << 16);
        in.mark(3);
        if (!Arrays.equals(in.readNBytes(3), UTF8_BOM)) {
            in.reset();
        }
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        charsRead = 0;
        try (var reader = new BufferedReader(new InputStreamReader(in, decoder), 1 << 16)) {
            var keys = new HashMap<String, Integer>();
            var header = new ArrayList<String>();
            var cells = new ArrayList<@Nullable String>();
            sink.startTable(null);
            long line = 0;
            for (var text = readLine(reader, line + 1); text != null; text = readLine(reader, line + 1)) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                var object = parse(text, line);
                cells.clear();
                for (var property : object.properties()) {
                    int column = keys.computeIfAbsent(property.getKey(), key -> {
                        header.add(key);
                        return header.size() - 1;
                    });
                    if (header.size() > maxColumns) {
                        throw new MalformedFile(
                                line, "The objects have more than " + maxColumns + " distinct keys", null);
                    }
                    while (cells.size() <= column) {
                        cells.add(null);
                    }
                    cells.set(column, cell(property.getValue()));
                }
                sink.row(cells);
            }
            sink.endTable(List.copyOf(header));
        }
    }

    @Override
    public long bytesRead() {
        return charsRead;
    }

    private JsonNode parse(String text, long line) {
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JacksonException e) {
            throw new MalformedFile(line, "The line is not valid JSON", e);
        }
        if (node == null || !node.isObject()) {
            throw new MalformedFile(line, "The line is not a JSON object (JSON Lines needs one object per line)", null);
        }
        return node;
    }

    private static @Nullable String cell(JsonNode value) {
        if (value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isContainer()) {
            return value.toString();
        }
        return value.asString();
    }

    /** A line without its terminator, refusing lines longer than the limit instead of buffering them. */
    private @Nullable String readLine(BufferedReader reader, long line) throws IOException {
        var text = new StringBuilder();
        try {
            int c = reader.read();
            if (c < 0) {
                return null;
            }
            while (c >= 0 && c != '\n') {
                if (text.length() >= maxLineLength) {
                    throw new MalformedFile(line, "The line is longer than " + maxLineLength + " characters", null);
                }
                if (c != '\r') {
                    text.append((char) c);
                }
                c = reader.read();
            }
            charsRead += text.length() + 1;
            return text.toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFile(line, "The line is not valid UTF-8 text", e);
        }
    }
}
