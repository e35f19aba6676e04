package dev.jgpt.testutil;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the optional reference data folder ({@code ../shared/data} beside the project,
 * or {@code $JGPT_SHARED_DATA}). Tests that need it call {@link #require} and are skipped,
 * with a message, when it is absent: the product never depends on it.
 */
public final class SharedData {
    private SharedData() {}

    public static Path root() {
        String env = System.getenv("JGPT_SHARED_DATA");
        return env != null ? Path.of(env) : Path.of("..", "shared", "data");
    }

    /** Returns {@code root()/relative}, skipping the calling test when it does not exist. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "reference data absent, skipping: " + p);
        return p;
    }
}
