package dev.kv.tck;

import static dev.kv.tck.BrokenAsync.now;
import static dev.kv.tck.BrokenAsync.pool;

import dev.kv.api.AsyncKvStore;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.tck.BrokenAsync.RunningView;
import dev.kv.tck.BrokenAsync.WithView;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Broken providers of ASYNC-4..6: asynchronous views that schedule their calls wrongly (out of order, leaving a
 * trace when cancelled, completing on the wrong threads).
 */
final class BrokenAsyncScheduling {

    private BrokenAsyncScheduling() {
    }

    /**
     * ASYNC-4: large values are written on a pool of their own, so a small write issued after a large one of the
     * same key can overtake it.
     */
    public static final class LargeValuesOnTheirOwnPool extends WithView {
        private static final ExecutorService SMALL = pool("kv-async-callback-small", 1);
        private static final ExecutorService LARGE = pool("kv-async-callback-large", 2);

        public LargeValuesOnTheirOwnPool() {
            super("broken-async-large-pool");
        }

        @Override
        AsyncKvStore view(KvStore wrapper, Store store) {
            return new RunningView(wrapper, store) {
                @Override
                <T> CompletableFuture<T> run(String key, Supplier<T> call) {
                    return CompletableFuture.supplyAsync(call, SMALL);
                }

                @Override
                public CompletableFuture<Void> set(String key, Payload value) {
                    return value != null && value.size() > 1024
                            ? CompletableFuture.runAsync(() -> store.set(key, value), LARGE)
                            : super.set(key, value);
                }
            };
        }
    }

    /** ASYNC-4: writes acknowledged at once and applied by a background flusher; reads go to the store. */
    public static final class WriteBehindView extends WithView {
        private static final ExecutorService FLUSHER = pool("kv-async-callback-flusher", 1);

        public WriteBehindView() {
            super("broken-async-write-behind");
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
                    FLUSHER.execute(() -> store.set(key, value));
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public CompletableFuture<Void> delete(String key) {
                    FLUSHER.execute(() -> store.delete(key));
                    return CompletableFuture.completedFuture(null);
                }
            };
        }
    }

    /**
     * ASYNC-5: a set cancelled before it ran "rolls back" by writing what it had copied so far: half the value.
     */
    public static final class CancelWritesHalf extends WithView {
        private static final ExecutorService WRITER = pool("kv-async-callback-writer", 1);

        public CancelWritesHalf() {
            super("broken-async-half");
        }

        @Override
        AsyncKvStore view(KvStore wrapper, Store store) {
            return new RunningView(wrapper, store) {
                @Override
                <T> CompletableFuture<T> run(String key, Supplier<T> call) {
                    CompletableFuture<T> f = new CompletableFuture<>();
                    WRITER.execute(() -> {
                        if (!f.isDone()) {
                            complete(f, call);
                        }
                    });
                    return f;
                }

                @Override
                public CompletableFuture<Void> set(String key, Payload value) {
                    CompletableFuture<Void> f = super.set(key, value);
                    f.whenComplete((v, e) -> {
                        if (f.isCancelled()) {
                            byte[] b = value.toByteArray();
                            WRITER.execute(() -> store.set(key, Payload.copyOf(b, 0, b.length / 2)));
                        }
                    });
                    return f;
                }
            };
        }
    }

    /** ASYNC-5: one cancelled future aborts the view's shared pipeline; every later call fails. */
    public static final class CancelPoisonsView extends WithView {
        private static final ExecutorService PIPELINE = pool("kv-async-callback-pipeline", 1);

        public CancelPoisonsView() {
            super("broken-async-poisoned");
        }

        @Override
        AsyncKvStore view(KvStore wrapper, Store store) {
            AtomicBoolean poisoned = new AtomicBoolean();
            return new RunningView(wrapper, store) {
                @Override
                <T> CompletableFuture<T> run(String key, Supplier<T> call) {
                    if (poisoned.get()) {
                        return CompletableFuture.failedFuture(KvException.of(KvException.Reason.STORAGE,
                                "the pipeline of store " + store.name() + " was aborted"));
                    }
                    CompletableFuture<T> f = new CompletableFuture<>();
                    f.whenComplete((v, e) -> {
                        if (f.isCancelled()) {
                            poisoned.set(true);
                        }
                    });
                    PIPELINE.execute(() -> complete(f, call));
                    return f;
                }
            };
        }
    }

    private static <T> void complete(CompletableFuture<T> f, Supplier<T> call) {
        try {
            f.complete(call.get());
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
        }
    }

    /** ASYNC-6: futures completed on the provider's own I/O thread, where every dependant then runs. */
    public static final class CompletesOnIoThread extends WithView {
        private static final ExecutorService IO = pool("broken-io-0", 1);

        public CompletesOnIoThread() {
            super("broken-async-io-thread");
        }

        @Override
        AsyncKvStore view(KvStore wrapper, Store store) {
            return new RunningView(wrapper, store) {
                @Override
                <T> CompletableFuture<T> run(String key, Supplier<T> call) {
                    return CompletableFuture.supplyAsync(call, IO);
                }
            };
        }
    }

    /**
     * ASYNC-6: the right thread names, but one completion thread that also runs the calls: a blocking dependant
     * holds up every later operation.
     */
    public static final class OneCompletionThread extends WithView {
        private static final ExecutorService ONE = pool("kv-async-callback-0", 1);

        public OneCompletionThread() {
            super("broken-async-one-thread");
        }

        @Override
        AsyncKvStore view(KvStore wrapper, Store store) {
            return new RunningView(wrapper, store) {
                @Override
                <T> CompletableFuture<T> run(String key, Supplier<T> call) {
                    return CompletableFuture.supplyAsync(call, ONE);
                }
            };
        }
    }
}
