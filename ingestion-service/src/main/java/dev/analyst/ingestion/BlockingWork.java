package dev.analyst.ingestion;

import java.util.concurrent.Executors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The scheduler for blocking work (JDBC, COPY, file parsing, DNS): one virtual thread per task, so
 * nothing blocks an event-loop thread and a slow load does not starve the others.
 */
@Configuration(proxyBeanMethods = false)
public class BlockingWork {

    /** The name of the {@link Scheduler} bean. */
    public static final String SCHEDULER = "blockingScheduler";

    @Bean(name = SCHEDULER, destroyMethod = "dispose")
    Scheduler blockingScheduler() {
        return Schedulers.fromExecutorService(
                Executors.newThreadPerTaskExecutor(
                        Thread.ofVirtual().name("blocking-", 0).factory()),
                "blocking");
    }
}
