package dev.kv.api.internal;

import dev.kv.api.AsyncKvStore;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous view of a wrapper: the wrapped store's own view (native where the provider is), with
 * {@link #synchronous()} answering the wrapper, so that going back and forth never loses the wrapper.
 */
public final class ForwardingAsyncKvStore implements AsyncKvStore {

    private final AsyncKvStore delegate;
    private final KvStore wrapper;

    /**
     * @param delegate the wrapped store's asynchronous view
     * @param wrapper  the wrapper
     */
    public ForwardingAsyncKvStore(AsyncKvStore delegate, KvStore wrapper) {
        this.delegate = delegate;
        this.wrapper = wrapper;
    }

    @Override
    public KvStore synchronous() {
        return wrapper;
    }

    @Override
    public CompletableFuture<Payload> get(String key) {
        return delegate.get(key);
    }

    @Override
    public CompletableFuture<Optional<Payload>> find(String key) {
        return delegate.find(key);
    }

    @Override
    public CompletableFuture<Void> set(String key, Payload value) {
        return delegate.set(key, value);
    }

    @Override
    public CompletableFuture<Void> delete(String key) {
        return delegate.delete(key);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
