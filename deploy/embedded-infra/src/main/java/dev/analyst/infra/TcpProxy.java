package dev.analyst.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder on a loopback port that a test can cut and restore: an outage of one dependency as one
 * application sees it (its connections reset, new ones refused), while the shared server behind it stays
 * up for every other test of the JVM.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean cut;

    private TcpProxy(InetSocketAddress target) {
        this.target = target;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open a proxy port", e);
        }
        Thread.ofVirtual().name("tcp-proxy-" + server.getLocalPort()).start(this::accept);
    }

    /** Starts forwarding a new loopback port to the host and port. */
    public static TcpProxy to(String host, int port) {
        return new TcpProxy(new InetSocketAddress(host, port));
    }

    /** The loopback port to connect to instead of the target's. */
    public int port() {
        return server.getLocalPort();
    }

    /** Resets every forwarded connection, and every new one until {@link #restore()}. */
    public void cut() {
        cut = true;
        sockets.forEach(TcpProxy::reset);
    }

    /** Forwards new connections again. */
    public void restore() {
        cut = false;
    }

    /** How many connections were refused while cut. */
    public int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        cut();
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (cut) {
                refused.incrementAndGet();
                reset(client);
                continue;
            }
            Thread.ofVirtual().start(() -> forward(client));
        }
    }

    private void forward(Socket client) {
        var upstream = new Socket();
        sockets.add(client);
        sockets.add(upstream);
        try {
            upstream.connect(target);
            var back = Thread.ofVirtual().start(() -> pump(upstream, client));
            pump(client, upstream);
            back.join();
        } catch (IOException e) {
            reset(client);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sockets.remove(client);
            sockets.remove(upstream);
            reset(client);
            reset(upstream);
        }
    }

    // Copies until either side ends, then ends both.
    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // The other side went away, or the proxy was cut.
        } finally {
            reset(from);
            reset(to);
        }
    }

    // A reset, as a crashed or unreachable server gives, rather than an orderly close.
    private static void reset(Socket socket) {
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
                socket.close();
            }
        } catch (IOException ignored) {
            // Already gone.
        }
    }
}
