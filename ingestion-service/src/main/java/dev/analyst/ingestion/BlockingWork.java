package dev.analyst.ingestion;

import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
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
        var virtualThreads = Thread.ofVirtual().name("blocking-", 0).factory();
        // A virtual thread takes its context class loader from whichever thread submits the work, often
        // a Netty event loop that does not see the classes nested in the Boot jar. Libraries that load
        // classes by name on first use (the Kafka producer does) then fail, so pin the application's.
        var applicationClassLoader = BlockingWork.class.getClassLoader();
        ThreadFactory threads = task -> {
            var thread = virtualThreads.newThread(task);
            thread.setContextClassLoader(applicationClassLoader);
            return thread;
        };
        return Schedulers.fromExecutorService(Executors.newThreadPerTaskExecutor(threads), "blocking");
    }
}
