package dev.kv.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch directories for the persisted stores, one per trial, removed afterwards. */
public final class TempDirs {

    private TempDirs() {
    }

    /**
     * Creates a fresh directory under {@code kv.bench.dir} (default: the JVM's temporary directory).
     *
     * @param prefix the directory name's prefix
     * @return the new directory
     */
    public static Path create(String prefix) {
        try {
            String base = System.getProperty("kv.bench.dir");
            if (base != null) {
                Path dir = Path.of(base);
                Files.createDirectories(dir);
                return Files.createTempDirectory(dir, prefix);
            }
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes a directory tree; failures are ignored (it is scratch space).
     *
     * @param dir the directory, or null
     */
    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // scratch space: leave it
        }
    }
}
