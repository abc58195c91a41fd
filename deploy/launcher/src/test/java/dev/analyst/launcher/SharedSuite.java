package dev.analyst.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One running suite for every integration test of this JVM: starting five services costs a minute, so
 * the tests share it and stay independent by each using data of its own. It is started by the first
 * test that asks and stopped when the JVM exits. Its agent has the {@link ScriptedCoder} on the coder
 * role, which only mends failed queries, so the other stages run on the built-in model as they do
 * without a hosted model.
 */
final class SharedSuite {

    private static Suite suite;
    private static ScriptedCoder coder;

    private SharedSuite() {}

    static synchronized Suite get() throws Exception {
        if (suite == null) {
            var repository = repositoryRoot();
            var samples = repository.resolve("../shared/datasets").normalize();
            assertThat(samples.resolve("housing.csv")).exists();
            var scripted = new ScriptedCoder();
            try {
                suite = Suite.start(SuiteOptions.onFreePorts(
                                repository, repository.resolve("deploy/launcher/target/suite-it"), Optional.of(samples))
                        .withEnvironment(scripted.environment()));
            } catch (Exception | Error e) {
                scripted.close();
                throw e;
            }
            coder = scripted;
            var started = suite;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                scripted.close();
            }));
        }
        return suite;
    }

    /** The hosted model on the shared suite's coder role. */
    static synchronized ScriptedCoder coder() throws Exception {
        get();
        return coder;
    }

    static Path repositoryRoot() {
        var directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.isRegularFile(directory.resolve("mvnw"))) {
            directory = directory.getParent();
        }
        assertThat(directory)
                .as("repository root above " + Path.of("").toAbsolutePath())
                .isNotNull();
        return directory;
    }
}
