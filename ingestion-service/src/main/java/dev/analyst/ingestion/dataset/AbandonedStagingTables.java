package dev.analyst.ingestion.dataset;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Drops the committed staging tables of direct copies that no running load claims ({@link
 * StagingTables#dropAbandoned}): at start, for those of an instance that was killed in the middle of a
 * load, and after each load, for one its rollback returned or a failed drop left.
 */
@Component
class AbandonedStagingTables implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AbandonedStagingTables.class);

    private final DataSource dataSource;

    AbandonedStagingTables(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void run(ApplicationArguments args) {
        int dropped = drop();
        if (dropped > 0) {
            log.warn("Dropped {} staging table(s) of loads interrupted by an earlier stop", dropped);
        }
    }

    /**
     * Drops them; how many. A failure is logged, not raised: the next sweep tries again. Runs on an
     * interrupted thread too (a cancelled load's), keeping the interrupt for the caller.
     */
    int drop() {
        boolean interrupted = Thread.interrupted();
        try {
            return StagingTables.dropAbandoned(dataSource);
        } catch (SQLException e) {
            log.warn("Could not drop abandoned staging tables", e);
            return 0;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
