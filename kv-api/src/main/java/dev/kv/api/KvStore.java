package dev.kv.api;

import java.util.Optional;
import java.util.concurrent.Flow;

/**
 * A handle to a named key-value store: the seed's {@code handle<kv>}.
 *
 * <pre>{@code
 * try (KvStore store = KvStore.open("orders")) {
 *     store.set("42", Payload.ofUtf8("pending"));
 *     Optional<Payload> hit = store.find("42");
 * }
 * }</pre>
 *
 * <p>Promises, each a clause of SPEC.md that the conformance kit checks:
 * <ul>
 *   <li>Handles are thread-safe; operations on one key are linearizable.</li>
 *   <li>{@link #set} replaces the value atomically; a failed {@code set} leaves the previous value intact.</li>
 *   <li>Handles opened with the same name through the same provider and configuration see one store;
 *       different names are isolated.</li>
 *   <li>Every failure is a {@link KvException}; {@code null} arguments are refused with one too.</li>
 *   <li>{@link #close()} is idempotent; every other operation on a closed handle fails with reason
 *       {@link KvException.Reason#CLOSED}.</li>
 * </ul>
 *
 * <p>Optional operations are added as default methods that throw {@link KvException.Reason#UNSUPPORTED}
 * unless the provider declares the matching capability, so existing providers keep compiling.
 *
 * @since 0.1
 */
public interface KvStore extends AutoCloseable {

    /**
     * Opens a store with the provider that discovery selects (see {@link Kv}).
     *
     * @param name the store's name (SPEC.md NAME clauses)
     * @return an open handle
     * @throws KvException if the name is illegal, no provider can be selected, or the store cannot be opened
     */
    static KvStore open(String name) {
        return Kv.open(name);
    }

    /**
     * The name this handle was opened with.
     *
     * @return the name
     */
    String name();

    /**
     * The resource descriptor of this store: the seed's {@code rd}. Equal for every handle of the same store,
     * different between stores; it also appears in every {@link Observable} this handle returns.
     *
     * @return the descriptor, for example {@code memory:orders}
     */
    String rd();

    /**
     * The id of the provider that opened this store.
     *
     * @return the provider id, for example {@code memory}
     */
    String providerId();

    /**
     * The longest key and largest payload this store accepts, as its provider declares them for the
     * configuration it was opened with.
     *
     * @return the limits
     */
    KvLimits limits();

    /**
     * The seed's {@code get}: the value of {@code key}.
     *
     * @param key the key
     * @return the value
     * @throws KvException with {@link KvException.Reason#NOT_FOUND} if the key has no value (cheap: no stack
     *                     trace), or another reason for an illegal key or a closed handle
     */
    Payload get(String key);

    /**
     * The value of {@code key}, if it has one: {@link #get(String)} without an exception for a miss.
     *
     * @param key the key
     * @return the value, or empty
     * @throws KvException for an illegal key or a closed handle
     */
    Optional<Payload> find(String key);

    /**
     * The seed's {@code set}: stores {@code value} under {@code key}, replacing any previous value atomically.
     *
     * @param key   the key
     * @param value the value; the empty payload is a value, distinct from no value
     * @throws KvException if the key is illegal, the payload too large, the store full or the handle closed;
     *                     the previous value is then intact
     */
    void set(String key, Payload value);

    /**
     * Stores a copy of {@code value}; later changes to the array do not affect the store.
     *
     * @param key   the key
     * @param value the bytes to copy
     * @throws KvException as for {@link #set(String, Payload)}
     */
    default void set(String key, byte[] value) {
        if (value == null) {
            throw KvException.of(KvException.Reason.INVALID_ARGUMENT,
                    "payload for key " + dev.kv.api.spi.Diagnostics.quote(key) + " in store "
                            + dev.kv.api.spi.Diagnostics.quote(name()) + " must not be null");
        }
        set(key, Payload.copyOf(value));
    }

    /**
     * The seed's {@code delete}: removes the value of {@code key}. Deleting a key that has no value succeeds.
     *
     * @param key the key
     * @throws KvException for an illegal key or a closed handle
     */
    void delete(String key);

    /**
     * The seed's {@code watch}: an {@link Observable} naming this store and {@code key}. Nothing is delivered
     * until a subscriber subscribes to {@link #events(Observable)}.
     *
     * @param key the key to watch
     * @return the observable {@code (rd(), key)}
     * @throws KvException for an illegal key or a closed handle
     */
    Observable watch(String key);

    /**
     * The changes to an observed key, as a {@link Flow.Publisher}. Each subscriber receives, in write order,
     * one event per change made after its subscription through any handle of the store. Demand is honoured;
     * a subscriber that falls more than the configured buffer behind receives {@code onError} with a
     * {@link KvException} of reason {@link KvException.Reason#WATCH_OVERFLOW}: events are never dropped
     * silently, and writers never wait for subscribers. Subscriptions complete when this handle closes.
     *
     * @param observable an observable returned by {@link #watch(String)} of a handle of this store
     * @return a publisher; each subscription is independent
     * @throws KvException if the observable belongs to another store, or the handle is closed
     */
    Flow.Publisher<KvEvent> events(Observable observable);

    /**
     * Shorthand for {@code events(watch(key))}.
     *
     * @param key the key to watch
     * @return a publisher of the key's changes
     * @throws KvException for an illegal key or a closed handle
     */
    default Flow.Publisher<KvEvent> events(String key) {
        return events(watch(key));
    }

    /**
     * The asynchronous view of this handle: the same store, with each operation returning a
     * {@link java.util.concurrent.CompletableFuture} (SPEC.md ASYNC clauses). Its
     * {@link AsyncKvStore#synchronous()} returns this handle. The default runs the blocking calls on kv's shared
     * lanes ({@link dev.kv.api.spi.AsyncViews#blocking(KvStore)}); providers with a native asynchronous client
     * return their own.
     *
     * @return the asynchronous view; closing this handle closes it too
     * @since 0.2
     */
    default AsyncKvStore async() {
        return dev.kv.api.spi.AsyncViews.blocking(this);
    }

    /**
     * Whether this handle is open.
     *
     * @return {@code false} once {@link #close()} was called
     */
    boolean isOpen();

    /**
     * Returns the provider's underlying object of the given type (for example the Caffeine cache or the
     * Chronicle map), for diagnostics and metrics. Writing through it bypasses kv's guarantees.
     *
     * @param type the class wanted
     * @param <T>  the type wanted
     * @return the underlying object
     * @throws KvException with {@link KvException.Reason#UNSUPPORTED} if there is none of that type, or
     *                     {@link KvException.Reason#INVALID_ARGUMENT} if {@code type} is null
     */
    default <T> T unwrap(Class<T> type) {
        if (type == null) {
            throw KvException.of(KvException.Reason.INVALID_ARGUMENT, "the type to unwrap store "
                    + dev.kv.api.spi.Diagnostics.quote(name()) + " to must not be null");
        }
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw KvException.of(KvException.Reason.UNSUPPORTED,
                "store " + dev.kv.api.spi.Diagnostics.quote(name()) + " of provider '" + providerId()
                        + "' cannot be unwrapped to " + type.getName());
    }

    /**
     * Closes this handle. Idempotent; completes the subscriptions made through it. What happens to the data
     * when the last handle of a store closes depends on the provider's capabilities (SPEC.md CLOSE clauses).
     *
     * @throws KvException if releasing the underlying resources failed; the handle is closed regardless
     */
    @Override
    void close();
}
