package dev.analyst.ingestion.dataset;

import dev.analyst.ingestion.source.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The spool file of an upload in progress: the receiver appends to it and says how far it got; any
 * number of readers follow it, each waiting when it catches up with the receiver, until the upload
 * completes (the end of the file) or fails (an error for every reader). The bytes are read back from
 * the page cache, so memory stays bounded by the readers' buffers whatever the file's size.
 */
final class GrowingFile implements UploadedFile {

    private final Path path;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long written;
    private boolean complete;
    private @Nullable Throwable failure;

    GrowingFile(Path path) {
        this.path = path;
    }

    @Override
    public Path path() {
        return path;
    }

    /** The receiver wrote {@code bytes} more. */
    void grew(long bytes) {
        lock.lock();
        try {
            written += bytes;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The receiver wrote the last byte (unless the upload failed already: then it stays failed). */
    void complete() {
        lock.lock();
        try {
            complete = failure == null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The upload failed (too large, cut off): readers stop with an error. */
    void fail(Throwable cause) {
        lock.lock();
        try {
            if (!complete && failure == null) {
                failure = cause;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long awaitSize() throws IOException {
        lock.lock();
        try {
            checkFailure();
            while (!complete) {
                changed.await();
                checkFailure();
            }
            return written;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for the upload", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until more than {@code position} bytes were written or the file is complete.
     *
     * @return the bytes written so far, or -1 when the file is complete and ends at {@code position}
     */
    private long awaitBeyond(long position) throws IOException {
        lock.lock();
        try {
            checkFailure();
            while (written <= position && !complete) {
                changed.await();
                checkFailure();
            }
            return written > position ? written : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for the upload", e);
        } finally {
            lock.unlock();
        }
    }

    private void checkFailure() throws IOException {
        if (failure != null) {
            throw new UploadFailed(failure);
        }
    }

    @Override
    public InputStream open() throws IOException {
        return new Reader(FileChannel.open(path, StandardOpenOption.READ));
    }

    /** The upload a reader was following failed; the cause says why. */
    static final class UploadFailed extends IOException {
        UploadFailed(Throwable cause) {
            super("The upload failed before the file was complete", cause);
        }
    }

    /** Reads the file up to what was written, waiting for the rest. */
    private final class Reader extends InputStream {

        private final FileChannel channel;
        private long position;
        private long available;

        Reader(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            var one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (position >= available) {
                long written = awaitBeyond(position);
                if (written < 0) {
                    return -1;
                }
                available = written;
            }
            int wanted = (int) Math.min(length, available - position);
            int read = channel.read(ByteBuffer.wrap(bytes, offset, wanted), position);
            if (read < 0) {
                throw new IOException("The spooled upload " + path + " is shorter than was written");
            }
            position += read;
            return read;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
