package dev.kv.api.internal;

import dev.kv.api.AsyncKvStore;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The asynchronous view of a store whose calls never wait (no I/O, no lock held across a call): each runs in the
 * caller's thread and the future is complete when returned, so callbacks run in the caller's thread too.
 */
public final class ImmediateAsyncKvStore implements AsyncKvStore {

    private final KvStore store;

    /** @param store the blocking handle */
    public ImmediateAsyncKvStore(KvStore store) {
        this.store = store;
    }

    @Override
    public KvStore synchronous() {
        return store;
    }

    @Override
    public CompletableFuture<Payload> get(String key) {
        return now(() -> store.get(key));
    }

    @Override
    public CompletableFuture<Optional<Payload>> find(String key) {
        return now(() -> store.find(key));
    }

    @Override
    public CompletableFuture<Void> set(String key, Payload value) {
        return now(() -> {
            store.set(key, value);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> delete(String key) {
        return now(() -> {
            store.delete(key);
            return null;
        });
    }

    private static <T> CompletableFuture<T> now(Supplier<T> call) {
        try {
            return CompletableFuture.completedFuture(call.get());
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public String toString() {
        return "async view of " + store;
    }
}
