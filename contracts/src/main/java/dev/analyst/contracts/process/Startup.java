package dev.analyst.contracts.process;

import java.util.function.IntConsumer;

/**
 * Starts a service and ends its process when it cannot start. A Spring context that fails to start (its
 * web port taken, say) is closed and its failure logged, but threads it started (Kafka, Netty, pools) can
 * keep the JVM alive; a launcher or orchestrator would then wait on a process that never serves nor exits.
 */
public final class Startup {

    /** The exit code of a service that failed to start. */
    public static final int FAILED = 1;

    private Startup() {}

    /**
     * Runs {@code start} (typically {@code () -> SpringApplication.run(...)}), which reports its own
     * failures (Spring Boot logs why the application failed); exits with {@link #FAILED} if it throws.
     */
    public static void orExit(Runnable start) {
        orExit(start, System::exit);
    }

    static void orExit(Runnable start, IntConsumer exit) {
        try {
            start.run();
        } catch (RuntimeException | Error failure) {
            exit.accept(FAILED);
        }
    }
}
