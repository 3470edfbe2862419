package dev.kv.api.spi;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import java.util.List;
import java.util.Optional;
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
 * <p>{@link #stores}, {@link #store} and {@link #drop} are optional: tools such as {@code kv stores} and
 * {@code kv drop} use them, applications need not. A provider that keeps nothing beyond its handles, or cannot
 * tell its stores apart, leaves the defaults, which fail with reason {@link KvException.Reason#UNSUPPORTED}.
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

    /**
     * The stores this provider holds under {@code config} (for a persisted provider: the stores of its data
     * directory). Optional; creates nothing.
     *
     * @param config configuration given in code, as for {@link #open}
     * @return the stores, in the provider's order (by name where it can)
     * @throws KvException with reason {@code UNSUPPORTED} if the provider cannot list its stores (the default),
     *                     or another reason if the listing failed
     */
    default List<StoreInfo> stores(KvConfig config) {
        throw unsupported(this, "list its stores");
    }

    /**
     * The store {@code name} under {@code config} if it exists, without creating it: a reading tool uses it to
     * report a store that does not exist instead of creating one by opening it. Optional; creates nothing.
     *
     * @param name   the store's name
     * @param config configuration given in code, as for {@link #open}
     * @return the store, or empty if there is none of that name
     * @throws KvException with reason {@code UNSUPPORTED} if the provider cannot tell (the default),
     *                     {@code INVALID_ARGUMENT} for an illegal name, or another reason if the look-up failed
     */
    default Optional<StoreInfo> store(String name, KvConfig config) {
        throw unsupported(this, "tell whether a store exists without opening it");
    }

    /**
     * Removes the store {@code name} and its data, safely: it refuses, changing nothing, while a handle to the
     * store is open in this or another process the provider can see, and says which. Optional.
     *
     * @param name   the store's name
     * @param config configuration given in code, as for {@link #open}
     * @throws KvException with reason {@code UNSUPPORTED} if the provider cannot remove stores (the default),
     *                     {@code NOT_FOUND} if there is no such store, {@code STORAGE} if the store is open
     *                     somewhere (naming where) or could not be removed
     */
    default void drop(String name, KvConfig config) {
        throw unsupported(this, "remove stores");
    }

    /**
     * Releases what the provider holds beyond its stores (threads, thread-locals, native resources, caches), so
     * that its classes can be unloaded. Called once, after every store handle opened through kv is closed, when
     * the {@link dev.kv.api.KvPlugins} set that loaded the provider is closed; the provider is not used afterwards.
     * Optional: the default does nothing. It must not throw for an expected condition and should return quickly.
     *
     * @since 0.3
     */
    default void shutdown() {
    }

    private static KvException unsupported(KvProvider provider, String what) {
        return KvException.of(KvException.Reason.UNSUPPORTED, "provider " + Diagnostics.quote(provider.id())
                + " cannot " + what);
    }
}
