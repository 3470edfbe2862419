package dev.kv.api.spi;

import dev.kv.api.AsyncKvStore;
import dev.kv.api.KvStore;
import dev.kv.api.internal.AsyncLanes;
import dev.kv.api.internal.ForwardingAsyncKvStore;
import dev.kv.api.internal.ImmediateAsyncKvStore;
import dev.kv.api.internal.LaneAsyncKvStore;

/**
 * Ready-made {@link AsyncKvStore} views for provider and decorator authors, each keeping the promises of SPEC.md's
 * ASYNC clauses for a correct blocking store.
 *
 * <ul>
 *   <li>{@link #blocking(KvStore)}: the default of every store. The blocking call runs on kv's shared lanes:
 *       {@value AsyncLanes#THREADS_PROPERTY} daemon threads named {@code kv-async-N} (system property, default
 *       twice the processors, between 4 and 16), each with a queue of {@value AsyncLanes#QUEUE_PROPERTY}
 *       operations (default 1024; beyond it a call fails with {@code STORAGE} through its future, rather than
 *       queueing without bound). A key always runs on the same lane, in submission order. Futures complete on
 *       {@code kv-async-callback-N} threads. Handles built on {@link AbstractKvStore} hold the lanes while open;
 *       after the last closes, the lane threads end.</li>
 *   <li>{@link #immediate(KvStore)}: for stores whose calls never wait: runs in the caller's thread.</li>
 *   <li>{@link #forwarding(AsyncKvStore, KvStore)}: for wrappers, what {@link ForwardingKvStore} uses.</li>
 * </ul>
 *
 * <p>A provider with a natively asynchronous client whose stores extend {@link AbstractKvStore} gives its
 * non-blocking calls as an {@link AsyncStorage} to {@link AbstractKvStore#nativeAsyncView(AsyncStorage)}, which keeps
 * the ASYNC clauses around them (the redis provider does). Any other implements {@link AsyncKvStore} itself, and
 * must then keep ASYNC-6: complete its futures off its I/O threads.
 *
 * @since 0.2
 */
public final class AsyncViews {

    private AsyncViews() {
    }

    /**
     * The blocking calls of {@code store}, run on kv's shared lanes.
     *
     * @param store the blocking handle
     * @return its asynchronous view
     */
    public static AsyncKvStore blocking(KvStore store) {
        return new LaneAsyncKvStore(store, AsyncLanes.shared());
    }

    /**
     * The calls of {@code store}, run in the caller's thread; only for stores whose calls never wait.
     *
     * @param store the blocking handle
     * @return its asynchronous view, whose futures are complete when returned
     */
    public static AsyncKvStore immediate(KvStore store) {
        return new ImmediateAsyncKvStore(store);
    }

    /**
     * The view of a wrapper that changes nothing asynchronous: {@code delegate}'s calls, and {@code wrapper} as
     * the way back. A wrapper that changes what an operation does must build its own view instead (for example
     * {@code blocking(wrapper)}), or its change is bypassed asynchronously.
     *
     * @param delegate the wrapped store's asynchronous view
     * @param wrapper  the wrapper, returned by {@link AsyncKvStore#synchronous()}
     * @return the wrapper's asynchronous view
     */
    public static AsyncKvStore forwarding(AsyncKvStore delegate, KvStore wrapper) {
        return new ForwardingAsyncKvStore(delegate, wrapper);
    }
}
