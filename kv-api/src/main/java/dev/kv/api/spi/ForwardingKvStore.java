package dev.kv.api.spi;

import dev.kv.api.AsyncKvStore;
import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvLimits;
import dev.kv.api.KvStore;
import dev.kv.api.Observable;
import dev.kv.api.Payload;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Flow;

/**
 * A store handle that forwards every call to another: the base for {@link KvStoreDecorator}s and other wrappers,
 * which override only what they change.
 *
 * <p>It forwards every operation of {@link KvStore}, optional ones (default methods that answer
 * {@code UNSUPPORTED}) included, so that an operation added to {@code KvStore} later is forwarded here once rather
 * than silently refused by every wrapper that did not know of it. The conveniences defined by other operations,
 * {@link KvStore#set(String, byte[])} and {@link KvStore#events(String)}, keep their defaults: they call this
 * wrapper's own {@code set(String, Payload)}, {@code watch} and {@code events(Observable)}, so a subclass that
 * overrides those changes the conveniences too.
 *
 * @since 0.1
 */
public abstract class ForwardingKvStore implements KvStore {

    private final KvStore delegate;
    private final String providerId;
    private final String rd;
    private volatile AsyncKvStore asyncView;

    /**
     * Creates a wrapper that reports the wrapped store's provider id and rd.
     *
     * @param delegate the store every call goes to
     */
    protected ForwardingKvStore(KvStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
        this.providerId = null;
        this.rd = null;
    }

    /**
     * Creates a wrapper that is a store of another provider, {@code providerId} (a {@link ForwardingKvProvider}):
     * its {@link #providerId()} is that id and its {@link #rd()} is that id, {@code ':'} and the wrapped store's rd,
     * so that it stays one rd per store (WATCH-1). {@link #watch} returns observables of this rd, and
     * {@link #events(Observable)} accepts only those, refusing another store's with {@code INVALID_ARGUMENT}
     * (WATCH-10).
     *
     * @param delegate   the store every call goes to
     * @param providerId the id of the provider this wrapper belongs to
     * @since 0.2
     */
    protected ForwardingKvStore(KvStore delegate, String providerId) {
        this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
        this.providerId = Objects.requireNonNull(providerId, "providerId must not be null");
        this.rd = providerId + ":" + delegate.rd();
    }

    /**
     * The wrapped store.
     *
     * @return the store given to the constructor
     */
    protected final KvStore delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String rd() {
        return rd == null ? delegate.rd() : rd;
    }

    @Override
    public String providerId() {
        return providerId == null ? delegate.providerId() : providerId;
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
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public Observable watch(String key) {
        Observable o = delegate.watch(key);
        return rd == null ? o : new Observable(rd, o.key());
    }

    @Override
    public Flow.Publisher<KvEvent> events(Observable observable) {
        if (rd == null || observable == null || !isOpen()) {
            return delegate.events(observable == null || rd == null ? observable
                    : new Observable(delegate.rd(), observable.key()));
        }
        if (!rd.equals(observable.rd())) {
            throw KvException.of(KvException.Reason.INVALID_ARGUMENT, "observable of key "
                    + Diagnostics.quote(observable.key()) + " belongs to " + observable.rd() + ", not to store "
                    + Diagnostics.quote(name()) + " (" + rd + ")");
        }
        return delegate.events(new Observable(delegate.rd(), observable.key()));
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    /**
     * The wrapped store's asynchronous view, with this wrapper as its way back
     * ({@link AsyncViews#forwarding(AsyncKvStore, KvStore)}). A subclass that changes what an operation does
     * overrides this too, or its change is bypassed by asynchronous callers.
     */
    @Override
    public AsyncKvStore async() {
        AsyncKvStore view = asyncView;
        if (view == null) {
            view = AsyncViews.forwarding(delegate.async(), this);
            asyncView = view; // racing callers may each make one: equivalent views, no state of their own
        }
        return view;
    }

    /**
     * Returns this wrapper if it is of {@code type}, else what the wrapped store unwraps to.
     */
    @Override
    public <T> T unwrap(Class<T> type) {
        if (type != null && type.isInstance(this)) {
            return type.cast(this);
        }
        if (providerId == null || type == null) {
            return delegate.unwrap(type);
        }
        try {
            return delegate.unwrap(type);
        } catch (KvException e) {
            if (e.reason() != KvException.Reason.UNSUPPORTED) {
                throw e;
            }
            // the refusal names this wrapper's provider, the one the caller knows (CAP-3)
            throw KvException.of(KvException.Reason.UNSUPPORTED, "store " + Diagnostics.quote(name())
                    + " of provider '" + providerId + "' cannot be unwrapped to " + type.getName());
        }
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
