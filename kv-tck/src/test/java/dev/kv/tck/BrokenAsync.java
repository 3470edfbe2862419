package dev.kv.tck;

import dev.kv.api.AsyncKvStore;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.AsyncViews;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.ForwardingKvStore;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Broken providers of the ASYNC area, each a correct reference store whose asynchronous view gets one thing wrong
 * the way real ones do: a hand-rolled thread pool, eager argument checks, a cache, errors re-wrapped.
 */
final class BrokenAsync {

    private BrokenAsync() {
    }

    /** A reference provider whose handles carry the asynchronous view {@code view} makes of them. */
    abstract static class WithView extends ReferenceKvProvider {
        WithView(String id) {
            super(id, EnumSet.noneOf(Capability.class));
        }

        abstract AsyncKvStore view(KvStore wrapper, ReferenceKvProvider.Store store);

        @Override
        protected KvStore wrap(Store store) {
            return new ForwardingKvStore(store) {
                private final AsyncKvStore view = view(this, store);

                @Override
                public AsyncKvStore async() {
                    return view;
                }
            };
        }
    }

    /** A view whose four operations all go through {@link #run}; subclasses decide where and how. */
    abstract static class RunningView implements AsyncKvStore {
        final KvStore wrapper;
        final KvStore store;

        RunningView(KvStore wrapper, KvStore store) {
            this.wrapper = wrapper;
            this.store = store;
        }

        abstract <T> CompletableFuture<T> run(String key, Supplier<T> call);

        @Override
        public KvStore synchronous() {
            return wrapper;
        }

        @Override
        public CompletableFuture<Payload> get(String key) {
            return run(key, () -> store.get(key));
        }

        @Override
        public CompletableFuture<Optional<Payload>> find(String key) {
            return run(key, () -> store.find(key));
        }

        @Override
        public CompletableFuture<Void> set(String key, Payload value) {
            return run(key, () -> {
                store.set(key, value);
                return null;
            });
        }

        @Override
        public CompletableFuture<Void> delete(String key) {
            return run(key, () -> {
                store.delete(key);
                return null;
            });
        }
    }

    static <T> CompletableFuture<T> now(Supplier<T> call) {
        try {
            return CompletableFuture.completedFuture(call.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static ExecutorService pool(String name, int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** ASYNC-1: an asynchronous get of a missing key completes with null instead of failing NOT_FOUND. */
    public static final class NullOnAsyncMiss extends WithView {
        public NullOnAsyncMiss() {
            super("broken-async-null");
        }

        @Override
        AsyncKvStore view(KvStore wrapper, Store store) {
            return new RunningView(wrapper, store) {
                @Override
                <T> CompletableFuture<T> run(String key, Supplier<T> call) {
                    return now(call);
                }

                @Override
                public CompletableFuture<Payload> get(String key) {
                    return find(key).thenApply(v -> v.orElse(null));
                }
            };
        }
    }

    /** ASYNC-1: failures re-wrapped with a message of the view's own, reason kept. */
    public static final class RewordsAsyncFailures extends WithView {
        public RewordsAsyncFailures() {
            super("broken-async-reworded");
        }

        @Override
        AsyncKvStore view(KvStore wrapper, Store store) {
            return new RunningView(wrapper, store) {
                @Override
                <T> CompletableFuture<T> run(String key, Supplier<T> call) {
                    try {
                        return CompletableFuture.completedFuture(call.get());
                    } catch (KvException e) {
                        return CompletableFuture.failedFuture(KvException.of(e.reason(), "async operation failed"));
                    }
                }
            };
        }
    }

    /** ASYNC-1: {@code synchronous()} returns the provider's inner handle, not the one the view came from. */
    public static final class SynchronousIsAnotherHandle extends WithView {
        public SynchronousIsAnotherHandle() {
            super("broken-async-synchronous");
        }

        @Override
        AsyncKvStore view(KvStore wrapper, Store store) {
            return AsyncViews.immediate(store);
        }
    }

    /** ASYNC-2: arguments checked eagerly, so a bad key throws from the call instead of failing the future. */
    public static final class ThrowsOnBadKeys extends WithView {
        public ThrowsOnBadKeys() {
            super("broken-async-throws");
        }

        @Override
        AsyncKvStore view(KvStore wrapper, Store store) {
            return new RunningView(wrapper, store) {
                @Override
                <T> CompletableFuture<T> run(String key, Supplier<T> call) {
                    if (key == null || key.isEmpty()) {
                        throw KvException.of(KvException.Reason.INVALID_ARGUMENT, "bad key in store " + store.name());
                    }
                    return now(call);
                }
            };
        }
    }

    /** ASYNC-2: a null payload hits {@code Objects.requireNonNull} in the call. */
    public static final class NullPayloadThrows extends WithView {
        public NullPayloadThrows() {
            super("broken-async-npe");
        }

        @Override
        AsyncKvStore view(KvStore wrapper, Store store) {
            return new RunningView(wrapper, store) {
                @Override
                <T> CompletableFuture<T> run(String key, Supplier<T> call) {
                    return now(call);
                }

                @Override
                public CompletableFuture<Void> set(String key, Payload value) {
                    Objects.requireNonNull(value, "value");
                    return super.set(key, value);
                }
            };
        }
    }

    /** ASYNC-3: the view runs on a second handle the provider keeps open, so it outlives the caller's close. */
    public static final class ViewOutlivesClose extends WithView {
        public ViewOutlivesClose() {
            super("broken-async-outlives");
        }

        @Override
        AsyncKvStore view(KvStore wrapper, Store store) {
            // opened on first use: the hidden handle's own view is then never made
            java.util.concurrent.atomic.AtomicReference<KvStore> hidden = new java.util.concurrent.atomic.AtomicReference<>();
            Supplier<KvStore> handle = () -> hidden.updateAndGet(h -> h != null ? h
                    : open(store.name(), dev.kv.api.KvConfig.empty()));
            return new RunningView(wrapper, store) {
                @Override
                <T> CompletableFuture<T> run(String key, Supplier<T> call) {
                    throw new AssertionError("not used");
                }

                @Override
                public CompletableFuture<Payload> get(String key) {
                    return now(() -> handle.get().get(key));
                }

                @Override
                public CompletableFuture<Optional<Payload>> find(String key) {
                    return now(() -> handle.get().find(key));
                }

                @Override
                public CompletableFuture<Void> set(String key, Payload value) {
                    return now(() -> {
                        handle.get().set(key, value);
                        return null;
                    });
                }

                @Override
                public CompletableFuture<Void> delete(String key) {
                    return now(() -> {
                        handle.get().delete(key);
                        return null;
                    });
                }
            };
        }
    }

    /** ASYNC-3: on a closed handle the view fails with STORAGE, its pool's own error, instead of CLOSED. */
    public static final class ClosedAsStorage extends WithView {
        public ClosedAsStorage() {
            super("broken-async-closed");
        }

        @Override
        AsyncKvStore view(KvStore wrapper, Store store) {
            return new RunningView(wrapper, store) {
                @Override
                <T> CompletableFuture<T> run(String key, Supplier<T> call) {
                    if (!store.isOpen()) {
                        return CompletableFuture.failedFuture(KvException.of(KvException.Reason.STORAGE,
                                "executor of store " + store.name() + " is shut down"));
                    }
                    return now(call);
                }
            };
        }
    }
}
