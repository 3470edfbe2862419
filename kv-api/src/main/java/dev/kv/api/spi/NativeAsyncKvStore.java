package dev.kv.api.spi;

import dev.kv.api.AsyncKvStore;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.internal.AsyncLanes;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The asynchronous view of a store built on {@link AbstractKvStore} whose provider has non-blocking calls
 * ({@link AsyncStorage}). Per operation:
 * <ol>
 *   <li>the checks of the blocking call, reported through the future (ASYNC-2, ASYNC-3);</li>
 *   <li>after the previous operation of the same key has finished, whichever thread issued it: so one thread's
 *       operations on a key take effect in issue order (ASYNC-4), also when a provider retries a call (a script
 *       the server forgot, say) behind the ones sent after it. Operations on different keys run at once;</li>
 *   <li>the provider's non-blocking call, except a write of a key watched in this JVM, which is the blocking
 *       call on kv's lanes: it must hold the key's lock for its event to be published in order. After an
 *       unlocked write, a watch that started meanwhile is given the key's state, as the blocking call does
 *       (WATCH-5), also on a lane, since it reads under the lock;</li>
 *   <li>a future completed on the provider's thread whose stages run on kv's completion threads (ASYNC-6), and
 *       whose failure is the blocking call's {@code KvException}.</li>
 * </ol>
 */
final class NativeAsyncKvStore implements AsyncKvStore {

    private final AbstractKvStore store;
    private final AsyncStorage storage;
    private final AsyncLanes lanes;
    /** For each key with an operation in progress, completed when the last one issued has finished. */
    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    NativeAsyncKvStore(AbstractKvStore store, AsyncStorage storage, AsyncLanes lanes) {
        this.store = store;
        this.storage = storage;
        this.lanes = lanes;
    }

    @Override
    public KvStore synchronous() {
        return store;
    }

    @Override
    public CompletableFuture<Payload> get(String key) {
        return run("get", key, null, false, () -> storage.readValue(key).thenApply(value -> {
            if (value == null) {
                throw KvException.notFound(store.name(), key);
            }
            return value;
        }), null);
    }

    @Override
    public CompletableFuture<Optional<Payload>> find(String key) {
        return run("find", key, null, false, () -> storage.readValue(key).thenApply(Optional::ofNullable), null);
    }

    @Override
    public CompletableFuture<Void> set(String key, Payload value) {
        return run("set", key, value, true,
                () -> storage.writeValue(key, value).thenCompose(ignored -> announceIfWatchStarted(key)),
                () -> {
                    store.set(key, value);
                    return null;
                });
    }

    @Override
    public CompletableFuture<Void> delete(String key) {
        return run("delete", key, null, true,
                () -> storage.removeValue(key).thenCompose(removed -> removed
                        ? announceIfWatchStarted(key) : CompletableFuture.completedFuture(null)),
                () -> {
                    store.delete(key);
                    return null;
                });
    }

    private <T> CompletableFuture<T> run(String op, String key, Payload value, boolean write,
                                         Supplier<CompletionStage<T>> nonBlocking, Supplier<T> blocking) {
        CompletableFuture<T> result = lanes.newFuture();
        try {
            store.checkOpen();
            store.checkKey(key);
            if (op.equals("set")) {
                store.checkPayloadOf(key, value);
            }
        } catch (KvException e) {
            result.completeExceptionally(e);
            return result;
        }
        CompletableFuture<Void> finished = new CompletableFuture<>();
        CompletableFuture<Void> previous = tails.put(key, finished);
        Runnable start = () -> begin(op, key, write, nonBlocking, blocking, result, finished);
        if (previous == null || previous.isDone()) {
            start.run();
        } else {
            // On a completion thread, not the one finishing the previous operation: a long chain of operations
            // that complete at once would otherwise nest one call per operation on one stack.
            previous.whenCompleteAsync((v, e) -> start.run(), lanes.callbacks());
        }
        return result;
    }

    private <T> void begin(String op, String key, boolean write, Supplier<CompletionStage<T>> nonBlocking,
                           Supplier<T> blocking, CompletableFuture<T> result, CompletableFuture<Void> finished) {
        if (result.isDone() || !store.isOpen()) {
            // Cancelled before it started (ASYNC-5: then it does not run), or the handle closed meanwhile.
            if (!result.isDone()) {
                result.completeExceptionally(store.closedException());
            }
            finish(key, finished);
            return;
        }
        CompletionStage<T> stage;
        try {
            stage = write && store.isWatched(key) ? lanes.submit(store.name(), key, blocking) : nonBlocking.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((v, e) -> {
            finish(key, finished);
            if (e == null) {
                result.complete(v);
            } else {
                result.completeExceptionally(failure(op, key, e));
            }
        });
    }

    private void finish(String key, CompletableFuture<Void> finished) {
        tails.remove(key, finished);
        finished.complete(null);
    }

    /** What the blocking call would have thrown. */
    private KvException failure(String op, String key, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof KvException) {
            return (KvException) cause;
        }
        if (cause instanceof RuntimeException) {
            return store.storageFailure(op, key, (RuntimeException) cause);
        }
        return store.storageFailure(op, key, new CompletionException(cause));
    }

    private CompletableFuture<Void> announceIfWatchStarted(String key) {
        if (!store.isWatched(key)) {
            return CompletableFuture.completedFuture(null);
        }
        return lanes.submit(store.name(), key, () -> {
            store.announceIfWatchStarted(key);
            return null;
        });
    }

    @Override
    public String toString() {
        return "native async view of " + store;
    }
}
