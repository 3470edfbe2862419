package dev.kv.api;

import dev.kv.api.internal.plugin.LoadedPlugin;
import dev.kv.api.internal.plugin.PluginDirectory;
import dev.kv.api.spi.KvProvider;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Providers loaded at run time from a plugins directory, each plugin in its own {@link ModuleLayer}.
 *
 * <p>A plugin is one subdirectory of jars, or one jar lying directly in the directory. Each becomes a module layer
 * whose parent is the layer holding {@code dev.kv.api}, with a class loader of its own whose parent is the platform
 * class loader: a plugin sees kv's API and the JDK, not the application's libraries nor another plugin's, and its
 * own copy of a library shadows the application's. Jars without {@code module-info} are automatic modules.
 *
 * <pre>{@code
 * try (KvPlugins plugins = KvPlugins.load(Path.of("plugins"))) {     // checked against plugins/kv-plugins.lock
 *     KvStore store = Kv.builder().plugins(plugins).provider("redis").open("orders");
 *     ...
 * }                                                                  // closes the store, unloads the plugins
 * }</pre>
 *
 * <p>Their providers join discovery and selection like the module path's (SPEC.md PROV-3 to PROV-8) when given to
 * {@link Kv.Builder#plugins(KvPlugins)}, or, loaded once per directory for the life of the JVM, with
 * {@link Kv.Builder#plugins(Path)}, the system property {@value #DIRECTORIES_PROPERTY} or the environment variable
 * {@value #DIRECTORIES_ENVIRONMENT_VARIABLE} (directories separated by the platform's path separator). An id offered
 * twice is a {@code PROVIDER_SELECTION} error naming both origins.
 *
 * <p><b>Trust.</b> Plugin code runs with the application's full rights, so which code loads is the only control:
 * every jar must be listed with its SHA-256 in the directory's lock file {@value #LOCK_FILE} (written by
 * {@link #lock(Path)} or {@code kv plugins lock DIR}) before any of its classes is defined. A jar missing there,
 * or changed, refuses its plugin with a message naming the jar and its hash. {@link Loader#trustAll(boolean)} or the
 * system property {@value #TRUST_ALL_PROPERTY} skips the check, for development only.
 *
 * <p><b>Refusals.</b> A plugin is refused, with the reason in {@link #failures()} and {@link Kv#providerFailures()},
 * never skipped without a word, when: a jar is not trusted; a jar cannot be a module (no automatic-module name can
 * be derived from its file name); it holds two versions of one module; it carries its own copy of kv's API (its
 * providers would implement another {@code KvProvider} and ServiceLoader would pass them over); its modules do not
 * resolve; it offers no provider. A refused or broken plugin never stops the others.
 *
 * <p><b>Lifecycle.</b> {@link #close()} closes every store handle opened through these plugins with {@link Kv} (their
 * watch subscriptions complete), calls each provider's {@link KvProvider#shutdown()}, and drops every reference kv
 * holds to the plugins' classes; once the application drops its own (providers, stores, events of the plugin), the
 * class loaders can be collected, which {@link #awaitUnload(Duration)} reports, naming the live threads that still
 * hold a loader. While kv calls into a plugin (opening, every call on a handle), the thread's context class loader
 * is the plugin's. To reload: load the new version, switch to it, close the old one.
 *
 * <p>kv-api must be a named module (on the module path) for plugins; on the class path, loading plugins fails with
 * reason {@code CONFIGURATION}, saying why and what to do. Thread-safe.
 *
 * @since 0.3
 */
public final class KvPlugins implements AutoCloseable {

    /** The system property naming plugins directories whose providers join discovery. */
    public static final String DIRECTORIES_PROPERTY = "kv.plugins";

    /** The environment variable naming plugins directories, read when the system property is not set. */
    public static final String DIRECTORIES_ENVIRONMENT_VARIABLE = "KV_PLUGINS";

    /** The system property that, set to {@code true}, loads every jar without the lock file: development only. */
    public static final String TRUST_ALL_PROPERTY = PluginDirectory.TRUST_ALL_PROPERTY;

    /** The lock file's name in a plugins directory. */
    public static final String LOCK_FILE = PluginDirectory.LOCK_FILE;

    private static final Map<Path, KvPlugins> SHARED = new ConcurrentHashMap<>();

    private final Path directory;
    private final List<LoadedPlugin> plugins;
    private volatile boolean closed;

    private KvPlugins(Path directory, List<LoadedPlugin> plugins) {
        this.directory = directory;
        this.plugins = plugins;
    }

    /**
     * Loads every plugin of {@code directory}, trusting the jars its lock file lists (or every jar, when the system
     * property {@value #TRUST_ALL_PROPERTY} is {@code true}).
     *
     * @param directory the plugins directory
     * @return the loaded set; refused plugins are in {@link #failures()}
     * @throws KvException with reason {@code CONFIGURATION} if the directory or its lock file cannot be read, or
     *                     kv-api is not on the module path
     */
    public static KvPlugins load(Path directory) {
        return from(directory).load();
    }

    /**
     * A loader for {@code directory}, to choose the lock file or trust in code.
     *
     * @param directory the plugins directory
     * @return a new loader
     */
    public static Loader from(Path directory) {
        return new Loader(Objects.requireNonNull(directory, "directory must not be null"));
    }

    /**
     * Trusts the jars of {@code directory} as they are now: writes its lock file with the SHA-256 of each.
     *
     * @param directory the plugins directory
     * @return one line per jar: its hash, two spaces, its path relative to the directory
     * @throws KvException with reason {@code CONFIGURATION} if the directory cannot be read or the file written
     */
    public static List<String> lock(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        return PluginDirectory.lock(dir, dir.resolve(LOCK_FILE));
    }

    /** The plugins directory. */
    public Path directory() {
        return directory;
    }

    /**
     * Every plugin found, loaded or refused, by name.
     *
     * @return the plugins
     */
    public List<Plugin> plugins() {
        return List.copyOf(plugins);
    }

    /**
     * The providers of the loaded plugins; empty once closed.
     *
     * @return the providers, by plugin name
     */
    public List<KvProvider> providers() {
        List<KvProvider> all = new ArrayList<>();
        plugins.forEach(p -> all.addAll(p.providers()));
        return List.copyOf(all);
    }

    /**
     * What was refused or failed, one line each naming the plugin (and the jar, module or provider at fault).
     *
     * @return the failures; empty if every plugin loaded
     */
    public List<String> failures() {
        List<String> all = new ArrayList<>();
        plugins.forEach(p -> all.addAll(p.problems()));
        return List.copyOf(all);
    }

    /**
     * The plugin a provider came from.
     *
     * @param provider a provider
     * @return its plugin, or empty if it is none of this set's
     */
    public Optional<Plugin> pluginOf(KvProvider provider) {
        return Optional.ofNullable(owner(provider));
    }

    LoadedPlugin owner(KvProvider provider) {
        for (LoadedPlugin p : plugins) {
            if (p.owns(provider)) {
                return p;
            }
        }
        return null;
    }

    /** Whether {@link #close()} has not been called. */
    public boolean isOpen() {
        return !closed;
    }

    /**
     * Closes the store handles opened through these plugins, shuts their providers down and lets go of them.
     * Idempotent.
     *
     * @throws KvException with reason {@code STORAGE} if a handle or a provider failed to close, naming each; the
     *                     set is closed regardless
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        SHARED.values().remove(this);
        List<String> problems = new ArrayList<>();
        plugins.forEach(p -> problems.addAll(p.close()));
        if (!problems.isEmpty()) {
            throw KvException.of(KvException.Reason.STORAGE, "closing the plugins of " + directory + ": "
                    + String.join("; ", problems));
        }
    }

    /**
     * After {@link #close()}: waits up to {@code timeout} for the plugins' class loaders to be collected, asking the
     * JVM to collect garbage meanwhile.
     *
     * @param timeout how long to wait at most
     * @return whether every loader was collected, and if not, why, naming the live threads that hold one
     * @throws IllegalStateException if the set is still open
     */
    public UnloadStatus awaitUnload(Duration timeout) {
        if (!closed) {
            throw new IllegalStateException("the plugins of " + directory + " are still open: close them first");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            System.gc();
            List<String> retained = new ArrayList<>();
            plugins.forEach(p -> p.retention().ifPresent(retained::add));
            if (retained.isEmpty() || System.nanoTime() - deadline >= 0) {
                return new UnloadStatus(retained);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new UnloadStatus(retained);
            }
        }
    }

    /** The plugin sets named by {@code property} or, if it is not set, {@code environment}, loaded once each. */
    static List<KvPlugins> configured(String property, String environment) {
        String value = property != null && !property.isBlank() ? property : environment;
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<KvPlugins> sets = new ArrayList<>();
        for (String dir : value.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                sets.add(shared(Path.of(dir.strip())));
            }
        }
        return sets;
    }

    /** The plugins of {@code directory}, loaded once for the life of the JVM (until closed). */
    static KvPlugins shared(Path directory) {
        return SHARED.computeIfAbsent(directory.toAbsolutePath().normalize(), d -> from(d).load());
    }

    /** Opens with {@code provider}, one of these plugins', tracking the handle and setting the context loader. */
    KvStore openThrough(KvProvider provider, String name, KvConfig config) {
        return owner(provider).open(provider, name, config);
    }

    @Override
    public String toString() {
        return "KvPlugins[" + directory + ", " + plugins + "]";
    }

    /**
     * One plugin: what it holds, and whether it loaded.
     *
     * @since 0.3
     */
    public interface Plugin {
        /** The plugin's name: its subdirectory's, or its jar's without {@code .jar}. */
        String name();

        /** Its subdirectory or jar. */
        Path location();

        /** Its modules, as {@code name@version (jar)}; empty if it was refused before they were read. */
        List<String> modules();

        /** The ids of the providers it offers; empty if refused. */
        List<String> providerIds();

        /** Whether it was loaded into a layer. */
        boolean isLoaded();

        /** Why it was refused, or which of its providers failed; empty if all is well. */
        List<String> problems();
    }

    /**
     * Loads a plugins directory with a chosen lock file or trust.
     *
     * @since 0.3
     */
    public static final class Loader {
        private final Path directory;
        private Path lockFile;
        private boolean trustAll = Boolean.getBoolean(TRUST_ALL_PROPERTY);

        private Loader(Path directory) {
            this.directory = directory.toAbsolutePath().normalize();
        }

        /**
         * Checks jars against this lock file instead of the directory's own {@value KvPlugins#LOCK_FILE}; keep it
         * where only the people who choose plugins can write.
         *
         * @param file the lock file
         * @return this loader
         */
        public Loader lockFile(Path file) {
            this.lockFile = Objects.requireNonNull(file, "file must not be null").toAbsolutePath().normalize();
            return this;
        }

        /**
         * Loads every jar without checking it: for development only.
         *
         * @param trust true to trust every jar
         * @return this loader
         */
        public Loader trustAll(boolean trust) {
            this.trustAll = trust;
            return this;
        }

        /**
         * Loads the plugins.
         *
         * @return the set
         * @throws KvException as for {@link KvPlugins#load(Path)}
         */
        public KvPlugins load() {
            Path lock = lockFile != null ? lockFile : directory.resolve(LOCK_FILE);
            return new KvPlugins(directory, PluginDirectory.load(directory, lock, trustAll));
        }
    }

    /**
     * Whether closed plugins were unloaded.
     *
     * @param retained one line per plugin whose class loader is still alive, saying what holds it
     * @since 0.3
     */
    public record UnloadStatus(List<String> retained) {
        /** Copies the list. */
        public UnloadStatus {
            retained = List.copyOf(retained);
        }

        /** Whether every class loader was collected. */
        public boolean unloaded() {
            return retained.isEmpty();
        }
    }
}
