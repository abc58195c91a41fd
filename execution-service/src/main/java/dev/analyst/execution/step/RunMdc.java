package dev.analyst.execution.step;

import java.util.UUID;
import org.slf4j.MDC;

/**
 * Puts the run id in the logging MDC around a log statement. Reactive code hops threads, so the id is set
 * where the line is written rather than once per record.
 */
final class RunMdc {

    static final String KEY = "runId";

    private RunMdc() {}

    static void log(UUID runId, Runnable logging) {
        try (var ignored = MDC.putCloseable(KEY, runId.toString())) {
            logging.run();
        }
    }
}
