package dev.analyst.ingestion.csv;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The character encoding of a text file, detected from its first bytes: a byte order mark decides
 * (UTF-8, UTF-16 LE or BE); without one, text that is valid UTF-8 is UTF-8, and text that is not but
 * reads as Windows-1252 (the "ANSI" of Excel's CSV export, where "café" is {@code 63 61 66 E9}) is
 * Windows-1252. Anything else is refused as binary rather than decoded into garbled names.
 *
 * @param bomLength bytes of byte order mark to skip before the text
 */
public record TextEncoding(Charset charset, int bomLength) {

    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /**
     * Detects the encoding of the text that starts with {@code sample}.
     *
     * @param complete whether the sample is the whole file (if not, a multi-byte character may be
     *     cut at its end)
     * @throws MalformedFile when the bytes are not text in any supported encoding
     */
    public static TextEncoding detect(byte[] sample, boolean complete) {
        if (startsWith(sample, UTF8_BOM)) {
            return new TextEncoding(StandardCharsets.UTF_8, UTF8_BOM.length);
        }
        if (sample.length >= 2 && sample[0] == (byte) 0xFF && sample[1] == (byte) 0xFE) {
            if (sample.length >= 4 && sample[2] == 0 && sample[3] == 0) {
                throw new MalformedFile(0, "The file is UTF-32 text; save it as UTF-8", null);
            }
            return new TextEncoding(StandardCharsets.UTF_16LE, 2);
        }
        if (sample.length >= 2 && sample[0] == (byte) 0xFE && sample[1] == (byte) 0xFF) {
            return new TextEncoding(StandardCharsets.UTF_16BE, 2);
        }
        int nul = indexOf(sample, (byte) 0);
        if (nul >= 0) {
            throw new MalformedFile(lineAt(sample, nul), "The file is binary, not delimited text", null);
        }
        if (isUtf8(sample, complete)) {
            return new TextEncoding(StandardCharsets.UTF_8, 0);
        }
        if (isPlausibleWindows1252(sample)) {
            return new TextEncoding(WINDOWS_1252, 0);
        }
        throw new MalformedFile(0, "The file is neither UTF-8, UTF-16 nor Windows-1252 text; it looks binary", null);
    }

    /** The text of {@code sample} after its byte order mark, decoded leniently (for sniffing only). */
    public String decodeSample(byte[] sample) {
        int length = sample.length - bomLength;
        if (charset.equals(StandardCharsets.UTF_16LE) || charset.equals(StandardCharsets.UTF_16BE)) {
            length -= length % 2; // never cut a UTF-16 code unit in half
        }
        return new String(sample, bomLength, Math.max(0, length), charset);
    }

    private static boolean isUtf8(byte[] sample, boolean complete) {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int length = complete ? sample.length : withoutCutCharacter(sample);
        try {
            decoder.decode(ByteBuffer.wrap(sample, 0, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The sample's length without a multi-byte sequence its cut may have split. */
    private static int withoutCutCharacter(byte[] sample) {
        int end = sample.length;
        for (int back = 1; back <= 3 && end - back >= 0; back++) {
            int b = sample[end - back] & 0xFF;
            if (b >= 0xC0) {
                return end - back; // a lead byte: drop it and what follows
            }
            if (b < 0x80) {
                return end; // ASCII: nothing cut
            }
        }
        return end;
    }

    /**
     * Text, not binary: no control characters but tab, line breaks and form feed, none of the five
     * bytes Windows-1252 leaves undefined, and mostly ASCII.
     */
    private static boolean isPlausibleWindows1252(byte[] sample) {
        long high = 0;
        for (byte value : sample) {
            int b = value & 0xFF;
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') {
                return false;
            }
            if (b == 0x7F || b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D) {
                return false;
            }
            if (b >= 0x80) {
                high++;
            }
        }
        return high * 4 <= sample.length;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static long lineAt(byte[] bytes, int index) {
        long line = 1;
        for (int i = 0; i < index; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
