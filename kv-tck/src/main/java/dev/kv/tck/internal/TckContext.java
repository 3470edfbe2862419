package dev.kv.tck.internal;

import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvConfig;
import dev.kv.api.KvError;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.KvProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything one check needs: the provider, a fresh directory, the configuration, and the handles it opened
 * (closed when the check ends, so a failing check does not leak stores into the next one).
 */
public final class TckContext implements AutoCloseable {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final Hooks hooks;
    private final Check check;
    private final KvProvider provider;
    private final Set<Capability> capabilities;
    private final Path directory;
    private final List<KvStore> opened = new ArrayList<>();
    private KvConfig config;
    private java.util.Random random;

    /**
     * Creates a context with a fresh temporary directory.
     *
     * @param hooks the author's hooks
     * @param check the check about to run
     */
    public TckContext(Hooks hooks, Check check) {
        this.hooks = hooks;
        this.check = check;
        this.provider = hooks.provider();
        if (provider == null) {
            throw new IllegalStateException("provider() returned null: the kit needs the provider under test");
        }
        Set<Capability> declared = provider.capabilities();
        this.capabilities = declared == null || declared.isEmpty() ? EnumSet.noneOf(Capability.class)
                : EnumSet.copyOf(declared);
        try {
            this.directory = Files.createTempDirectory("kv-tck-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the kit", e);
        }
    }

    /** @return the hooks */
    public Hooks hooks() {
        return hooks;
    }

    /** @return the check running */
    public Check check() {
        return check;
    }

    /** @return the provider under test */
    public KvProvider provider() {
        return provider;
    }

    /** @return the provider's id */
    public String id() {
        return provider.id();
    }

    /**
     * @param capability a capability
     * @return whether the provider declares it
     */
    public boolean has(Capability capability) {
        return capabilities.contains(capability);
    }

    /** @return the declared capabilities */
    public Set<Capability> capabilities() {
        return capabilities;
    }

    /**
     * The check's random source, derived from the run's seed ({@link Seeds}) and the check's title.
     *
     * @return the same generator for the whole check
     */
    public synchronized java.util.Random random() {
        if (random == null) {
            random = Seeds.forCheck(check.title());
        }
        return random;
    }

    /** @return the test's own directory */
    public Path directory() {
        return directory;
    }

    /** @return the configuration for this test, from the author's hook, asked once */
    public KvConfig config() {
        if (config == null) {
            config = hooks.configuration(directory);
            if (config == null) {
                config = KvConfig.empty();
            }
        }
        return config;
    }

    /**
     * A store name unique in this JVM, so checks never see each other's data.
     *
     * @param base a readable stem
     * @return for example {@code get-17}
     */
    public String name(String base) {
        return base + "-" + NAMES.incrementAndGet();
    }

    /**
     * Opens a store with the test's configuration, directly through the provider.
     *
     * @param name the name
     * @return the handle, closed at the end of the check
     */
    public KvStore open(String name) {
        return open(name, config());
    }

    /**
     * Opens a store with a given configuration.
     *
     * @param name   the name
     * @param config the configuration
     * @return the handle, closed at the end of the check
     */
    public KvStore open(String name, KvConfig config) {
        KvStore store;
        try {
            store = provider.open(name, config);
        } catch (KvException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw new AssertionError("[ERR-1] provider '" + id() + "' open(" + Text.quote(name)
                    + ") threw " + e + " instead of a KvException", e);
        }
        if (store == null) {
            throw new AssertionError("provider '" + id() + "' open(" + Text.quote(name) + ") returned null");
        }
        synchronized (opened) {
            opened.add(store);
        }
        return store;
    }

    /**
     * Closes a handle the check opened some other way (another provider instance) when the check ends.
     *
     * @param store the handle
     */
    public void adopt(KvStore store) {
        synchronized (opened) {
            opened.add(store);
        }
    }

    /** @return the configuration with values expiring after {@code ttl} */
    public KvConfig expiring(Duration ttl) {
        return hooks.expiringConfiguration(directory, ttl);
    }

    /** @return the configuration bounding the store */
    public KvConfig bounded(long maximumBytes) {
        return hooks.boundedConfiguration(directory, maximumBytes);
    }

    /**
     * Runs {@code action}, which must fail with the error of {@code reason}; checks ERR-1/ERR-2/ERR-3 on the way.
     *
     * @param clause the clause that demands the failure
     * @param reason the reason the clause gives
     * @param what   the operation, for the message (for example {@code get('k') of store 's'})
     * @param action the operation
     * @return the exception, for further checks of its message
     */
    public static KvException fails(String clause, KvException.Reason reason, String what, Action action) {
        try {
            action.run();
        } catch (KvException e) {
            checkError(clause, what, e);
            if (e.reason() != reason) {
                fail("[" + clause + ", ERR-3] " + what + " failed with reason " + e.reason() + " instead of " + reason
                        + ": " + e.getMessage());
            }
            return e;
        } catch (AssertionError e) {
            throw e; // a check inside the action failed; its message already names the clause
        } catch (Throwable t) {
            throw new AssertionError("[" + clause + ", ERR-1] " + what + " threw " + t + " instead of a KvException"
                    + " with reason " + reason, t);
        }
        throw new AssertionError("[" + clause + "] " + what + " succeeded; it must fail with reason " + reason);
    }

    /**
     * Checks ERR-2 on an exception: the error variant and its description.
     *
     * @param clause the clause being checked
     * @param what   the operation
     * @param e      the exception
     */
    public static void checkError(String clause, String what, KvException e) {
        KvError error = e.error();
        if (!(error instanceof KvError.ErrorWithDescription)) {
            fail("[" + clause + ", ERR-2] " + what + ": error() is " + error + ", not an ErrorWithDescription");
        }
        String description = error.description();
        if (description == null || description.isBlank()) {
            fail("[" + clause + ", ERR-2] " + what + ": the error's description is blank");
        }
        if (!description.equals(e.getMessage())) {
            fail("[" + clause + ", ERR-2] " + what + ": getMessage() '" + e.getMessage()
                    + "' differs from the error's description '" + description + "'");
        }
        if (e.reason() == null) {
            fail("[" + clause + ", ERR-3] " + what + ": reason() is null");
        }
    }

    /** An operation that may throw anything. */
    @FunctionalInterface
    public interface Action {
        /**
         * Runs it.
         *
         * @throws Exception anything
         */
        void run() throws Exception;
    }

    /** Closes every handle the check opened and deletes its directory; failures here are not the check's. */
    @Override
    public void close() {
        List<KvStore> all;
        synchronized (opened) {
            all = new ArrayList<>(opened);
            opened.clear();
        }
        for (KvStore s : all) {
            try {
                s.close();
            } catch (RuntimeException e) {
                // the check itself reports close failures; cleanup must go on
            }
        }
        deleteTree(directory);
    }

    /**
     * Deletes a directory tree, best effort.
     *
     * @param root the tree
     */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.getLogger("dev.kv.tck").log(System.Logger.Level.DEBUG, "could not delete " + root + ": " + e);
        }
    }

    /** @return how long to wait for something that must happen: generous, {@code kv.tck.deadlineSeconds} (30) */
    public static Duration deadline() {
        return DEADLINE;
    }

    private static final Duration DEADLINE = Duration.ofSeconds(Long.getLong("kv.tck.deadlineSeconds", 30));
}
