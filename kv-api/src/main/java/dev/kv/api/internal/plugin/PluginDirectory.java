package dev.kv.api.internal.plugin;

import dev.kv.api.KvException;
import dev.kv.api.spi.Diagnostics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The plugins of one directory: each subdirectory holding jars is a plugin named after it, and each jar lying
 * directly in the directory is a plugin of one jar, named after the jar without {@code .jar}. Hidden entries and
 * the lock file are not plugins. Loading checks every plugin on its own: a refused or broken one never stops the
 * others.
 */
public final class PluginDirectory {

    /** The system property that trusts every jar, without a lock file: for development only. */
    public static final String TRUST_ALL_PROPERTY = "kv.plugins.trustAll";

    /** The lock file's name inside the plugins directory. */
    public static final String LOCK_FILE = "kv-plugins.lock";

    /** One plugin found in the directory, not yet checked. */
    record Candidate(String name, Path location, List<Path> jars) {
    }

    private PluginDirectory() {
    }

    /**
     * Checks and loads every plugin of {@code directory}.
     *
     * @param directory the plugins directory
     * @param lockFile  the allow-list to check jars against
     * @param trustAll  true to load every jar without checking it
     * @return the plugins, loaded or refused, by name
     * @throws KvException with reason {@code CONFIGURATION} if kv-api is not a named module, or the directory or
     *                     its lock file cannot be read
     */
    public static List<LoadedPlugin> load(Path directory, Path lockFile, boolean trustAll) {
        PluginLayers.requireNamedApi();
        PluginLock lock = trustAll ? null : PluginLock.read(lockFile);
        List<LoadedPlugin> plugins = new ArrayList<>();
        for (Candidate candidate : candidates(directory)) {
            plugins.add(PluginLayers.load(directory, candidate, lock));
        }
        return List.copyOf(plugins);
    }

    /**
     * Writes {@code directory}'s lock file with the hashes of the jars there now.
     *
     * @return one line per jar: hash and relative path
     */
    public static List<String> lock(Path directory, Path lockFile) {
        return PluginLock.write(directory, lockFile);
    }

    static List<Candidate> candidates(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw KvException.of(KvException.Reason.CONFIGURATION, "the plugins directory " + directory
                    + (Files.exists(directory) ? " is not a directory" : " does not exist"));
        }
        List<Candidate> found = new ArrayList<>();
        for (Path entry : list(directory)) {
            String file = entry.getFileName().toString();
            if (file.startsWith(".") || file.equals(LOCK_FILE) || file.equals(LOCK_FILE + ".tmp")) {
                continue;
            }
            if (Files.isDirectory(entry)) {
                List<Path> jars = list(entry).stream().filter(PluginDirectory::isJar).collect(Collectors.toList());
                found.add(new Candidate(file, entry, jars));
            } else if (isJar(entry)) {
                found.add(new Candidate(file.substring(0, file.length() - ".jar".length()), entry, List.of(entry)));
            }
        }
        return found;
    }

    private static boolean isJar(Path p) {
        return Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar")
                && !p.getFileName().toString().startsWith(".");
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw KvException.of(KvException.Reason.CONFIGURATION, "cannot read the plugins directory " + dir + ": "
                    + Diagnostics.describe(e), e);
        }
    }
}
