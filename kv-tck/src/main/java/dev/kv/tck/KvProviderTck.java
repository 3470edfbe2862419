package dev.kv.tck;

import dev.kv.api.KvConfig;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.KvProvider;
import dev.kv.tck.internal.Catalogue;
import dev.kv.tck.internal.Check;
import dev.kv.tck.internal.Failures;
import dev.kv.tck.internal.Hooks;
import dev.kv.tck.internal.Seeds;
import dev.kv.tck.internal.TckContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * The whole conformance kit as JUnit 5 tests. Extend it in a provider's test sources (a package-private class is
 * fine) to check the provider against every clause of SPEC.md:
 *
 * <pre>{@code
 * class MemoryProviderConformanceTest extends KvProviderTck {
 *     protected KvProvider provider() { return new MemoryKvProvider(); }
 * }
 * }</pre>
 *
 * <p>Each test's display name starts with the clause IDs it checks, for example
 * {@code [GET-2, ERR-2] get of a missing key fails with NOT_FOUND naming key and store}; a failure message
 * starts with the clause violated. Tests of a capability the provider does not declare are reported as
 * skipped (aborted) with the reason, and logged at WARNING; tests that apply only without a capability are
 * skipped, with the reason, when it is declared.
 *
 * <p>Each test gets a fresh temporary directory, passed to the configuration hooks, and its own store names;
 * every handle it opens is closed when it ends. Tests of processes (PERSIST, PROC, the {@code KV_PROVIDER}
 * variable) fork child JVMs with the current JVM's {@code java}, flags and class path (see
 * {@link #childJvmOptions()}).
 *
 * @since 0.1
 */
public abstract class KvProviderTck {

    private static final System.Logger LOG = System.getLogger("dev.kv.tck");

    /** For subclasses. */
    protected KvProviderTck() {
    }

    /**
     * The provider under test.
     *
     * @return the provider; the same instance or a fresh one on each call
     */
    protected abstract KvProvider provider();

    /**
     * Configuration for one test.
     *
     * @param directory a fresh empty temporary directory owned by that test
     * @return the configuration; by default empty
     */
    protected KvConfig configuration(Path directory) {
        return KvConfig.empty();
    }

    /**
     * Configuration under which values expire {@code ttl} after they are written. Must be overridden if the
     * provider declares {@link Capability#EXPIRY}.
     *
     * @param directory a fresh empty temporary directory owned by that test
     * @param ttl       how long a value lives after it is written
     * @return the configuration
     */
    protected KvConfig expiringConfiguration(Path directory, Duration ttl) {
        throw new AssertionError("[EXPIRY-1] provider '" + provider().id() + "' declares EXPIRY, so "
                + getClass().getName() + " must override expiringConfiguration(Path, Duration) to say how to"
                + " configure values that expire after " + ttl);
    }

    /**
     * Configuration bounding the store to about {@code maximumBytes}. Must be overridden if the provider
     * declares {@link Capability#EVICTION}.
     *
     * @param directory    a fresh empty temporary directory owned by that test
     * @param maximumBytes the bound
     * @return the configuration
     */
    protected KvConfig boundedConfiguration(Path directory, long maximumBytes) {
        throw new AssertionError("[EVICT-1] provider '" + provider().id() + "' declares EVICTION, so "
                + getClass().getName() + " must override boundedConfiguration(Path, long) to say how to bound"
                + " a store to " + maximumBytes + " bytes");
    }

    /**
     * The file that holds store {@code name}'s data under {@link #configuration(Path)}, for the checks of
     * damaged files (PERSIST-4). By default unknown, and those checks are skipped with that reason.
     *
     * @param directory the test's directory
     * @param name      the store's name
     * @return the file, if the provider keeps a store in one
     */
    protected Optional<Path> storeFile(Path directory, String name) {
        return Optional.empty();
    }

    /**
     * Extra options for the child JVMs the kit forks (they already get this JVM's flags, less agents and
     * module-path options, and a class path of this JVM's module path and class path).
     *
     * @return the options; by default none
     */
    protected List<String> childJvmOptions() {
        return List.of();
    }

    /** @return basic reads, writes, deletes, keys, payloads and errors */
    @TestFactory
    @DisplayName("basics:")
    Stream<DynamicTest> basics() {
        return suite("basics");
    }

    /** @return store names and isolation */
    @TestFactory
    @DisplayName("names:")
    Stream<DynamicTest> names() {
        return suite("names");
    }

    /** @return closing handles */
    @TestFactory
    @DisplayName("close:")
    Stream<DynamicTest> close() {
        return suite("close");
    }

    /** @return watching keys */
    @TestFactory
    @DisplayName("watch:")
    Stream<DynamicTest> watch() {
        return suite("watch");
    }

    /** @return thread safety and linearizability */
    @TestFactory
    @DisplayName("concurrency:")
    Stream<DynamicTest> concurrency() {
        return suite("concurrency");
    }

    /** @return seeded random operation sequences against a model */
    @TestFactory
    @DisplayName("model:")
    Stream<DynamicTest> model() {
        return suite("model");
    }

    /** @return configuration properties */
    @TestFactory
    @DisplayName("configuration:")
    Stream<DynamicTest> configuration() {
        return suite("configuration");
    }

    /** @return provider discovery and selection */
    @TestFactory
    @DisplayName("discovery:")
    Stream<DynamicTest> discovery() {
        return suite("discovery");
    }

    /** @return capabilities declared and not declared, expiry, eviction */
    @TestFactory
    @DisplayName("capabilities:")
    Stream<DynamicTest> capabilities() {
        return suite("capabilities");
    }

    /** @return the asynchronous view */
    @TestFactory
    Stream<DynamicTest> async() {
        return suite("async");
    }

    /** @return persistence and several processes */
    @TestFactory
    @DisplayName("processes:")
    Stream<DynamicTest> processes() {
        return suite("processes");
    }

    private Stream<DynamicTest> suite(String name) {
        Hooks hooks = hooks();
        return Catalogue.suite(name).stream()
                .filter(this::includes)
                .map(check -> DynamicTest.dynamicTest(check.displayName(), clauseSource(check),
                        () -> runCheck(hooks, check)));
    }

    /**
     * The test's source: its clauses, not the factory method. With the factory's method as their source (JUnit's
     * default), Maven Surefire names each check {@code capabilities()[5]} on the console; with a source of their
     * own, by its display name, which starts with the clause IDs.
     */
    private static URI clauseSource(Check check) {
        return URI.create("kv-tck:" + String.join(",", check.clauses()));
    }

    private static void runCheck(Hooks hooks, Check check) throws Exception {
        KvProvider provider = hooks.provider();
        String id = provider.id();
        if (check.requires() != null && !provider.capabilities().contains(check.requires())) {
            String reason = "provider '" + id + "' does not declare capability " + check.requires() + ": clauses "
                    + check.clauses() + " not checked";
            LOG.log(System.Logger.Level.WARNING, "kv-tck: SKIPPED " + reason);
            Assumptions.abort(reason);
        }
        if (check.excludes() != null && provider.capabilities().contains(check.excludes())) {
            String reason = "provider '" + id + "' declares capability " + check.excludes() + "; this check of "
                    + check.clauses() + " applies only without it";
            LOG.log(System.Logger.Level.INFO, "kv-tck: SKIPPED " + reason);
            Assumptions.abort(reason);
        }
        Seeds.announce();
        try (TckContext ctx = new TckContext(hooks, check)) {
            check.body().run(ctx);
        } catch (TestAbortedException e) {
            throw e;
        } catch (AssertionError e) {
            throw Failures.underClauses(check, e);
        } catch (Exception | LinkageError e) {
            // a provider's exception that escaped the check is the check's failure, reported under its clauses
            throw Failures.escaped(check, id, e);
        }
    }

    /** Whether to run a check; every one, except in the runner's targeted runs. */
    boolean includes(Check check) {
        return true;
    }

    /** The hooks as the internal checks see them. Package-private so the runner can reach them too. */
    final Hooks hooks() {
        KvProviderTck self = this;
        return new Hooks() {
            @Override
            public KvProvider provider() {
                return self.provider();
            }

            @Override
            public KvConfig configuration(Path directory) {
                return self.configuration(directory);
            }

            @Override
            public KvConfig expiringConfiguration(Path directory, Duration ttl) {
                return self.expiringConfiguration(directory, ttl);
            }

            @Override
            public KvConfig boundedConfiguration(Path directory, long maximumBytes) {
                return self.boundedConfiguration(directory, maximumBytes);
            }

            @Override
            public Optional<Path> storeFile(Path directory, String name) {
                return self.storeFile(directory, name);
            }

            @Override
            public List<String> childJvmOptions() {
                return self.childJvmOptions();
            }
        };
    }
}
