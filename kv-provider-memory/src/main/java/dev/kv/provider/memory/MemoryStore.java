package dev.kv.provider.memory;

import dev.kv.api.AsyncKvStore;
import dev.kv.api.KvException;
import dev.kv.api.Payload;
import dev.kv.api.spi.AbstractKvStore;
import dev.kv.api.spi.AsyncViews;
import dev.kv.api.spi.Diagnostics;

/**
 * A handle to a memory store. Argument checks, closed checks and watch fan-out come from
 * {@link AbstractKvStore}; the data lives in the {@link SharedCache} every handle of the name shares.
 */
final class MemoryStore extends AbstractKvStore {

    private final SharedCache shared;
    private final Runnable release;

    MemoryStore(SharedCache shared, Runnable release) {
        super(MemoryKvProvider.ID, shared.name(), shared.settings().limits(), shared.hub());
        this.shared = shared;
        this.release = release;
    }

    /** The store this handle is of; for tests in this package. */
    SharedCache shared() {
        return shared;
    }

    /** Memory calls never wait on I/O, so the asynchronous view runs them in the caller's thread. */
    @Override
    protected AsyncKvStore newAsyncView() {
        return AsyncViews.immediate(this);
    }

    @Override
    protected Payload readValue(String key) {
        return shared.read(key);
    }

    @Override
    protected void writeValue(String key, Payload value) {
        shared.write(key, value);
    }

    @Override
    protected boolean removeValue(String key) {
        return shared.remove(key);
    }

    /** Caffeine looks keys up by {@code String.equals}, and only checked keys are ever written through kv. */
    @Override
    protected boolean readsOfIllegalKeysMiss() {
        return true;
    }

    @Override
    protected Payload readWatchedValue(String key) {
        return shared.readWatched(key);
    }

    @Override
    protected void writeWatchedValue(String key, Payload value) {
        shared.writeWatched(key, value);
    }

    @Override
    protected boolean removeWatchedValue(String key) {
        return shared.removeWatched(key);
    }

    @Override
    protected void release() {
        release.run();
    }

    /**
     * Also unwraps to the store's Caffeine {@link com.github.benmanes.caffeine.cache.Cache} (for its
     * statistics); writing through the cache bypasses kv's checks and events.
     */
    @Override
    public <T> T unwrap(Class<T> type) {
        if (type == null) {
            throw KvException.of(KvException.Reason.INVALID_ARGUMENT,
                    "the type to unwrap memory store " + Diagnostics.quote(name()) + " to must not be null");
        }
        if (!type.isInstance(this) && type.isInstance(shared.cache())) {
            checkOpen();
            return type.cast(shared.cache());
        }
        return super.unwrap(type);
    }
}
