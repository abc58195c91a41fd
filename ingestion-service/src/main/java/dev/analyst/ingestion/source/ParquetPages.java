package dev.analyst.ingestion.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * Checks every page header of a Parquet file before a page is read. A reader allocates what a page
 * header declares before it decompresses, so a header claiming gigabytes behind a few compressed
 * bytes (a decompression bomb the footer's totals do not show) would take the heap; here no page
 * may declare more than its column chunk does, nor reach past it. Only headers are read: a seek
 * and a few bytes per page.
 */
final class ParquetPages {

    private ParquetPages() {}

    /**
     * @throws UnsafeFile for a page declaring more than its column chunk, or more than {@code
     *     maxUncompressedBytes}
     * @throws IOException for headers that cannot be read (the caller reports a malformed file)
     */
    static void check(Path file, ParquetMetadata metadata, long maxUncompressedBytes) throws IOException {
        try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (var block : metadata.getBlocks()) {
                for (var chunk : block.getColumns()) {
                    long position = chunk.getStartingPos();
                    long end = position + chunk.getTotalSize();
                    long chunkUncompressed = chunk.getTotalUncompressedSize();
                    if (position < 0 || end > channel.size() || chunk.getTotalSize() < 0) {
                        throw new IOException("A column chunk lies outside the file");
                    }
                    while (position < end) {
                        var in = new ChannelInput(channel, position);
                        PageHeader header = Util.readPageHeader(in);
                        long compressed = header.getCompressed_page_size();
                        long uncompressed = header.getUncompressed_page_size();
                        if (compressed < 0 || uncompressed < 0) {
                            throw new IOException("A page header declares a negative size");
                        }
                        if (uncompressed > chunkUncompressed || uncompressed > maxUncompressedBytes) {
                            throw new UnsafeFile("A page of column " + chunk.getPath() + " declares " + uncompressed
                                    + " bytes uncompressed, more than its column chunk's " + chunkUncompressed);
                        }
                        position = in.position() + compressed;
                        if (position > end) {
                            throw new IOException("A page reaches past its column chunk");
                        }
                    }
                }
            }
        }
    }

    /** A file's bytes from a position, read through a small buffer, counting what was consumed. */
    private static final class ChannelInput extends InputStream {

        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(256).limit(0);
        private long next;
        private long consumed;

        ChannelInput(FileChannel channel, long position) {
            this.channel = channel;
            this.next = position;
            this.consumed = position;
        }

        /** The position just past the last byte handed out. */
        long position() {
            return consumed;
        }

        @Override
        public int read() throws IOException {
            if (!buffer.hasRemaining()) {
                buffer.clear();
                int read = channel.read(buffer, next);
                buffer.flip();
                if (read <= 0) {
                    return -1;
                }
                next += read;
            }
            consumed++;
            return buffer.get() & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int count = 0;
            while (count < length) {
                int b = read();
                if (b < 0) {
                    return count == 0 ? -1 : count;
                }
                bytes[offset + count++] = (byte) b;
            }
            return count;
        }
    }
}
