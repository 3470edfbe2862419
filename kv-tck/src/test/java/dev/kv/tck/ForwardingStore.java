package dev.kv.tck;

import dev.kv.api.KvEvent;
import dev.kv.api.KvLimits;
import dev.kv.api.KvStore;
import dev.kv.api.Observable;
import dev.kv.api.Payload;
import java.util.Optional;
import java.util.concurrent.Flow;

/** A store that forwards every call to another; broken providers override one behaviour. */
class ForwardingStore implements KvStore {
    final ReferenceKvProvider.Store delegate;

    ForwardingStore(ReferenceKvProvider.Store delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String rd() {
        return delegate.rd();
    }

    @Override
    public String providerId() {
        return delegate.providerId();
    }

    @Override
    public KvLimits limits() {
        return delegate.limits();
    }

    @Override
    public Payload get(String key) {
        return delegate.get(key);
    }

    @Override
    public Optional<Payload> find(String key) {
        return delegate.find(key);
    }

    @Override
    public void set(String key, Payload value) {
        delegate.set(key, value);
    }

    @Override
    public void set(String key, byte[] value) {
        delegate.set(key, value);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public Observable watch(String key) {
        return delegate.watch(key);
    }

    @Override
    public Flow.Publisher<KvEvent> events(Observable observable) {
        return delegate.events(observable);
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
