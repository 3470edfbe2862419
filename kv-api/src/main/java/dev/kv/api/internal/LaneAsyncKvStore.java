package dev.kv.api.internal;

import dev.kv.api.AsyncKvStore;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The default asynchronous view: each call is the blocking call of the handle, run on {@link AsyncLanes}. */
public final class LaneAsyncKvStore implements AsyncKvStore {

    private final KvStore store;
    private final AsyncLanes lanes;

    /**
     * @param store the blocking handle
     * @param lanes where its calls run
     */
    public LaneAsyncKvStore(KvStore store, AsyncLanes lanes) {
        this.store = store;
        this.lanes = lanes;
    }

    @Override
    public KvStore synchronous() {
        return store;
    }

    @Override
    public CompletableFuture<Payload> get(String key) {
        return lanes.submit(store.name(), key, () -> store.get(key));
    }

    @Override
    public CompletableFuture<Optional<Payload>> find(String key) {
        return lanes.submit(store.name(), key, () -> store.find(key));
    }

    @Override
    public CompletableFuture<Void> set(String key, Payload value) {
        return lanes.submit(store.name(), key, () -> {
            store.set(key, value);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> delete(String key) {
        return lanes.submit(store.name(), key, () -> {
            store.delete(key);
            return null;
        });
    }

    @Override
    public String toString() {
        return "async view of " + store;
    }
}
