package dev.kv.api.spi;

import dev.kv.api.KvConfig;
import dev.kv.api.KvStore;
import java.util.List;
import java.util.Set;

/**
 * A kv implementation, found with {@link java.util.ServiceLoader}.
 *
 * <p>To register one, declare it both ways, so it works on the module path and on the class path:
 * <pre>{@code
 * module com.example.kv.redis {
 *     requires dev.kv.api;
 *     provides dev.kv.api.spi.KvProvider with com.example.kv.redis.RedisKvProvider;
 * }
 * // and META-INF/services/dev.kv.api.spi.KvProvider containing com.example.kv.redis.RedisKvProvider
 * }</pre>
 * The class needs a public no-argument constructor (the class path requires it). Extend
 * {@link AbstractKvStore} for the handle: it brings argument checks, closed-handle checks and watch fan-out.
 * Run the conformance kit ({@code dev.kv:kv-tck}) against the provider before publishing it.
 *
 * <p>Implementations must be thread-safe. {@link #open} must not be slow to fail: an error names the store
 * and what was wrong, with a {@link dev.kv.api.KvException}.
 *
 * @since 0.1
 */
public interface KvProvider {

    /**
     * The id users select this provider by: lowercase letters, digits and '-', unique among providers.
     *
     * @return for example {@code memory}
     */
    String id();

    /**
     * One line saying what this provider is.
     *
     * @return a description for listings
     */
    default String description() {
        return id();
    }

    /**
     * The optional behaviour this provider has. Declare only what it really does: the conformance kit checks
     * declared capabilities and checks that undeclared ones are not claimed.
     *
     * @return the capabilities, never null
     */
    Set<Capability> capabilities();

    /**
     * The configuration properties this provider reads, for documentation and for {@code kv providers}.
     *
     * @return the properties, in the order to show them
     */
    default List<ConfigProperty<?>> configProperties() {
        return List.of();
    }

    /**
     * Opens a handle to the store {@code name}. The name has been checked against SPEC.md's NAME clauses by
     * the caller ({@link dev.kv.api.Kv}) but providers opened directly should check it too, with
     * {@link StoreNames#check(String)}.
     *
     * @param name   the store's name
     * @param config configuration given in code; system properties are read through {@link ConfigProperty}
     * @return an open handle
     * @throws dev.kv.api.KvException if the store cannot be opened
     */
    KvStore open(String name, KvConfig config);
}
