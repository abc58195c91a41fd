package dev.analyst.infra;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers started later by another process. A port the kernel hands out for {@code bind(0)}
 * comes from the ephemeral range, where outgoing connections take their local ports too: between picking
 * it and the server binding it, a Kafka or database client could take it (it happened, and a service
 * failed to start). So ports are picked below that range (Linux's default starts at 32768) and checked free.
 */
public final class FreePorts {

    private static final int LOWEST = 20_000;
    private static final int ABOVE_HIGHEST = 32_768;
    private static final Set<Integer> PICKED = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /** The given port when it is positive, otherwise a free one below the ephemeral range. */
    public static int orFree(int port) {
        return port > 0 ? port : pick();
    }

    /** A free port this process has not handed out before: two servers started side by side never share one. */
    public static int pick() {
        var random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = random.nextInt(LOWEST, ABOVE_HIGHEST);
            if (isFree(candidate) && PICKED.add(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No free port between " + LOWEST + " and " + (ABOVE_HIGHEST - 1));
    }

    private static boolean isFree(int port) {
        try (var socket = new ServerSocket(port)) {
            return socket.isBound();
        } catch (IOException taken) {
            return false;
        }
    }
}
