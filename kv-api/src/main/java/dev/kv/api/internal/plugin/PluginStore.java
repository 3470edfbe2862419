package dev.kv.api.internal.plugin;

import dev.kv.api.AsyncKvStore;
import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvLimits;
import dev.kv.api.KvStore;
import dev.kv.api.Observable;
import dev.kv.api.Payload;
import dev.kv.api.spi.Diagnostics;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A store handle of a plugin's provider, as kv hands it out: every call runs with the plugin's class loader as the
 * context class loader, and once the handle is closed (by the application, or by closing the plugin) it lets go
 * of the provider's store, so a handle the application keeps does not keep the plugin's classes alive.
 */
final class PluginStore implements KvStore {

    private final LoadedPlugin plugin;
    private final String name;
    private final String rd;
    private final String providerId;
    private final KvLimits limits;
    private volatile KvStore delegate;
    private volatile AsyncKvStore asyncView;

    PluginStore(LoadedPlugin plugin, KvStore delegate) {
        this.plugin = plugin;
        this.delegate = delegate;
        this.name = delegate.name();
        this.rd = delegate.rd();
        this.providerId = delegate.providerId();
        this.limits = delegate.limits();
    }

    private <T> T call(Function<KvStore, T> action) {
        KvStore store = delegate;
        if (store == null) {
            throw KvException.of(KvException.Reason.CLOSED, "store " + Diagnostics.quote(name) + " (" + rd
                    + ") is closed");
        }
        return plugin.call(() -> action.apply(store));
    }

    private void run(Consumer<KvStore> action) {
        call(s -> {
            action.accept(s);
            return null;
        });
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String rd() {
        return rd;
    }

    @Override
    public String providerId() {
        return providerId;
    }

    @Override
    public KvLimits limits() {
        return limits;
    }

    @Override
    public Payload get(String key) {
        return call(s -> s.get(key));
    }

    @Override
    public Optional<Payload> find(String key) {
        return call(s -> s.find(key));
    }

    @Override
    public void set(String key, Payload value) {
        run(s -> s.set(key, value));
    }

    @Override
    public void delete(String key) {
        run(s -> s.delete(key));
    }

    @Override
    public Observable watch(String key) {
        return call(s -> s.watch(key));
    }

    @Override
    public Flow.Publisher<KvEvent> events(Observable observable) {
        return call(s -> s.events(observable));
    }

    @Override
    public boolean isOpen() {
        KvStore store = delegate;
        return store != null && store.isOpen();
    }

    @Override
    public AsyncKvStore async() {
        AsyncKvStore view = asyncView;
        if (view == null) {
            view = new ContextAsync();
            asyncView = view;
        }
        return view;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type != null && type.isInstance(this)) {
            return type.cast(this);
        }
        return call(s -> s.unwrap(type));
    }

    @Override
    public void close() {
        KvStore store = delegate;
        if (store == null) {
            return;
        }
        try {
            plugin.call(() -> {
                store.close();
                return null;
            });
        } catch (KvException e) {
            if (e.reason() != KvException.Reason.CLOSED) {
                throw e;
            }
            store.close(); // the plugin is closing: it closes its handles before it marks itself closed
        } finally {
            delegate = null;
            asyncView = null;
            plugin.released(this);
        }
    }

    @Override
    public String toString() {
        KvStore store = delegate;
        return store == null ? "closed store " + Diagnostics.quote(name) + " (" + rd + ")" : store.toString();
    }

    /**
     * The provider's asynchronous view, entered with the plugin's class loader as the context class loader. It
     * asks the handle for the provider's view on every call, so it holds nothing of the plugin once closed.
     */
    private final class ContextAsync implements AsyncKvStore {

        private <T> CompletableFuture<T> submit(Function<AsyncKvStore, CompletableFuture<T>> op) {
            KvStore store = delegate;
            if (store == null) {
                return CompletableFuture.failedFuture(KvException.of(KvException.Reason.CLOSED, "store "
                        + Diagnostics.quote(name) + " (" + rd + ") is closed"));
            }
            try {
                return plugin.call(() -> op.apply(store.async()));
            } catch (KvException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public KvStore synchronous() {
            return PluginStore.this;
        }

        @Override
        public CompletableFuture<Payload> get(String key) {
            return submit(v -> v.get(key));
        }

        @Override
        public CompletableFuture<Optional<Payload>> find(String key) {
            return submit(v -> v.find(key));
        }

        @Override
        public CompletableFuture<Void> set(String key, Payload value) {
            return submit(v -> v.set(key, value));
        }

        @Override
        public CompletableFuture<Void> delete(String key) {
            return submit(v -> v.delete(key));
        }
    }
}
