package dev.analyst.ingestion.dataset;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * One COPY of a file's records spread over several connections, so that PostgreSQL parses them on
 * several cores: a single COPY keeps one backend busy and leaves the machine's other cores to the
 * client. The caller cuts the text into chunks of whole records and {@link #send sends} them; each
 * worker connection streams the chunks it is given into the same table and commits when the file
 * ends. The table is therefore committed before the load's own transaction takes it over: it lives in
 * the service's private schema until then ({@link StagingTables#claim}), and whatever goes wrong
 * {@link #close} drops it.
 */
final class ParallelCopy implements AutoCloseable {

    /** Chunks queued per worker: enough to keep its connection busy while the next is cut. */
    private static final int QUEUE_DEPTH = 2;

    private static final Chunk END = new Chunk(new byte[0], 0);
    private static final Chunk ABORT = new Chunk(new byte[0], 0);

    private final DataSource dataSource;
    private final String relation;
    private final List<BlockingQueue<Chunk>> queues = new ArrayList<>();
    private final List<CompletableFuture<Long>> workers = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Chunk buffers the workers are done with: a load's garbage stays a few chunks, not the file. */
    private final Queue<byte[]> spare = new ConcurrentLinkedQueue<>();

    private int next;
    private boolean finished;
    private boolean kept;

    /** A chunk of whole records: {@code length} bytes of {@code bytes}. */
    record Chunk(byte[] bytes, int length) {}

    private ParallelCopy(DataSource dataSource, String relation) {
        this.dataSource = dataSource;
        this.relation = relation;
    }

    /**
     * Creates the table with {@code createTable} (committed at once, for every worker to see) and
     * starts {@code connections} workers running {@code copySql}.
     */
    static ParallelCopy start(
            DataSource dataSource, String relation, String createTable, String copySql, int connections)
            throws SQLException {
        try (var connection = dataSource.getConnection();
                var statement = connection.createStatement()) {
            statement.execute(createTable);
        }
        var copy = new ParallelCopy(dataSource, relation);
        try {
            for (int i = 0; i < connections; i++) {
                var queue = new ArrayBlockingQueue<Chunk>(QUEUE_DEPTH);
                var connection = dataSource.getConnection();
                copy.queues.add(queue);
                copy.workers.add(CompletableFuture.supplyAsync(
                        () -> copy.work(connection, copySql, queue), Thread.ofVirtual()::start));
            }
        } catch (SQLException | RuntimeException e) {
            copy.close();
            throw e;
        }
        return copy;
    }

    /** A buffer of at least {@code size} bytes for the next chunk: a spare one, or a new one. */
    byte[] buffer(int size) {
        var buffer = spare.poll();
        return buffer != null && buffer.length >= size ? buffer : new byte[size];
    }

    /**
     * Hands a chunk to the next worker, waiting while all are busy; stops at the first failure. The
     * buffer is the worker's until it gives it back through {@link #buffer}.
     */
    void send(byte[] bytes, int length) throws SQLException {
        var queue = queues.get(next);
        next = (next + 1) % queues.size();
        offer(queue, new Chunk(bytes, length));
    }

    /**
     * Ends the copy: every worker sends what it has, ends its COPY and commits.
     *
     * @return the rows copied
     */
    long finish() throws SQLException {
        long rows = 0;
        for (var queue : queues) {
            offer(queue, END);
        }
        for (var worker : workers) {
            try {
                rows += worker.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("Interrupted while copying", e);
            } catch (ExecutionException e) {
                // The first failure is the one to report; the others are that worker's aborts.
                failIfFailed();
                throw new SQLException("A copy worker failed", e.getCause());
            }
        }
        failIfFailed();
        finished = true;
        return rows;
    }

    /** Keeps the table when the copy is closed: the caller took it over. */
    void keep() {
        kept = true;
    }

    /**
     * Unless the copy {@link #finish finished}, stops every worker (rolling back); unless the caller
     * {@link #keep kept} the table, drops it.
     */
    @Override
    public void close() throws SQLException {
        if (kept) {
            return;
        }
        if (!finished) {
            for (var queue : queues) {
                queue.clear(); // only this thread adds, so ABORT fits, and comes next
                queue.add(ABORT);
            }
        }
        // A load cancelled by an interrupt still cleans up: JDBC on an interrupted thread would not.
        boolean interrupted = Thread.interrupted();
        try {
            for (var worker : workers) {
                try {
                    worker.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    // Reported by finish() or send(), or the abort itself.
                }
            }
            StagingTables.drop(dataSource, relation);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private long work(Connection connection, String copySql, BlockingQueue<Chunk> queue) {
        try (connection) {
            connection.setAutoCommit(false);
            var copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
            try {
                while (true) {
                    var chunk = queue.take();
                    if (chunk == END) {
                        long rows = copy.endCopy();
                        connection.commit();
                        return rows;
                    }
                    if (chunk == ABORT) {
                        throw new Stopped();
                    }
                    copy.writeToCopy(chunk.bytes(), 0, chunk.length());
                    spare.offer(chunk.bytes());
                }
            } catch (SQLException | InterruptedException | RuntimeException e) {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
                connection.rollback();
                throw e;
            }
        } catch (Exception | Error e) {
            if (!(e instanceof Stopped)) {
                failure.compareAndSet(null, e); // the sender sees it at its next chunk
            }
            throw new IllegalStateException(e);
        }
    }

    /** Queues a chunk for a worker, waiting while its queue is full unless a worker has failed. */
    private void offer(BlockingQueue<Chunk> queue, Chunk chunk) throws SQLException {
        try {
            while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                failIfFailed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while copying", e);
        }
        failIfFailed();
    }

    private void failIfFailed() throws SQLException {
        var failed = failure.get();
        if (failed instanceof SQLException sql) {
            throw sql;
        }
        if (failed != null) {
            throw new SQLException("A copy worker failed", failed);
        }
    }

    /** A worker's end when the copy was stopped: not a failure of its own. */
    private static final class Stopped extends SQLException {
        Stopped() {
            super("The copy was stopped");
        }
    }
}
