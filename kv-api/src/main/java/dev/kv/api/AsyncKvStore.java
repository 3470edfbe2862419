package dev.kv.api;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * The asynchronous view of a {@link KvStore}: the same store, the same operations, each returning a
 * {@link CompletableFuture} instead of blocking the caller. Obtained with {@link KvStore#async()};
 * {@link #synchronous()} goes back.
 *
 * <pre>{@code
 * AsyncKvStore orders = store.async();
 * orders.set("42", Payload.ofUtf8("pending"))
 *       .thenCompose(done -> orders.find("42"))
 *       .thenAccept(hit -> System.out.println(hit.map(Payload::toUtf8).orElse("-")));
 * }</pre>
 *
 * <p>Promises, each a clause of SPEC.md (ASYNC) that the conformance kit checks:
 * <ul>
 *   <li>Each future completes with what the blocking call would return, or exceptionally with the
 *       {@link KvException} it would throw: same reason, same message (ASYNC-1).</li>
 *   <li>No method throws: argument errors, a closed handle and an overloaded provider are all reported through
 *       the returned future (ASYNC-2, ASYNC-3).</li>
 *   <li>One thread's operations on one key take effect in the order it issued them, unless the provider declares
 *       {@link dev.kv.api.spi.Capability#ASYNC_UNORDERED} (ASYNC-4).</li>
 *   <li>Cancelling a future never corrupts the store: the operation may or may not have applied, and the
 *       store holds either the old value or the new one (ASYNC-5).</li>
 *   <li>Dependent stages registered before a future completes never run on a thread that performs the
 *       provider's operations or I/O: they run on kv's completion threads ({@code kv-async-callback-N}); a
 *       stage registered on a completed future runs in the registering thread, as with any
 *       {@code CompletableFuture} (ASYNC-6). So a slow or blocking callback delays only itself.</li>
 * </ul>
 *
 * <p>Watching needs no asynchronous variant: {@link #events(String)} is the same {@link Flow.Publisher} as
 * the blocking view's. Adapters are one line: {@code Mono.fromFuture(async.get(k))} with Reactor,
 * {@code JdkFlowAdapter.flowPublisherToFlux(async.events(k))} for events.
 *
 * @since 0.2
 */
public interface AsyncKvStore {

    /**
     * The blocking view of the same store: the handle this view was obtained from.
     *
     * @return the handle
     */
    KvStore synchronous();

    /**
     * The store's name.
     *
     * @return the name the handle was opened with
     */
    default String name() {
        return synchronous().name();
    }

    /**
     * Reads a key; see {@link KvStore#get(String)}.
     *
     * @param key the key
     * @return the value, or a future failed with {@link KvException.Reason#NOT_FOUND} if the key has none
     */
    CompletableFuture<Payload> get(String key);

    /**
     * Reads a key without failing on a miss; see {@link KvStore#find(String)}.
     *
     * @param key the key
     * @return the value if present
     */
    CompletableFuture<Optional<Payload>> find(String key);

    /**
     * Writes a key; see {@link KvStore#set(String, Payload)}.
     *
     * @param key   the key
     * @param value the new value
     * @return completes when the write has taken effect
     */
    CompletableFuture<Void> set(String key, Payload value);

    /**
     * Writes a key from a byte array, copied before this method returns.
     *
     * @param key   the key
     * @param value the new value; later changes to the array do not affect what is stored
     * @return completes when the write has taken effect
     */
    default CompletableFuture<Void> set(String key, byte[] value) {
        if (value == null) {
            return CompletableFuture.failedFuture(KvException.of(KvException.Reason.INVALID_ARGUMENT,
                    "payload for key " + dev.kv.api.spi.Diagnostics.quote(key) + " in store "
                            + dev.kv.api.spi.Diagnostics.quote(name()) + " must not be null"));
        }
        return set(key, Payload.copyOf(value));
    }

    /**
     * Deletes a key; see {@link KvStore#delete(String)}.
     *
     * @param key the key
     * @return completes when the delete has taken effect
     */
    CompletableFuture<Void> delete(String key);

    /**
     * The events of one key, exactly as {@link KvStore#events(String)} of the blocking view.
     *
     * @param key the key
     * @return a publisher of the key's events
     */
    default Flow.Publisher<KvEvent> events(String key) {
        return synchronous().events(key);
    }
}
