package dev.kv.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.AsyncKvStore;
import dev.kv.api.KvException;
import dev.kv.api.KvLimits;
import dev.kv.api.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AbstractKvStore#nativeAsyncView}: a provider's non-blocking calls with the ASYNC promises kept around
 * them. The fake provider completes its calls on its own "I/O" thread, after a delay it chooses per write, so
 * that a later call could overtake an earlier one if the view let it.
 */
class NativeAsyncViewTest {

    private final ScheduledExecutorService io = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-io");
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void stopIo() {
        io.shutdownNow();
    }

    /** A map store whose asynchronous view is native; records which calls ran, and on which thread. */
    private final class NativeStore extends AbstractKvStore {
        final ConcurrentHashMap<String, Payload> map = new ConcurrentHashMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        /** Milliseconds the next non-blocking write of a value waits before it applies, by value text. */
        final ConcurrentHashMap<String, Long> delays = new ConcurrentHashMap<>();
        volatile RuntimeException failWith;

        NativeStore() {
            super("native", "orders", new KvLimits(256, 1 << 20), new WatchHub("native:orders", 16));
        }

        private void record(String call) {
            String thread = Thread.currentThread().getName();
            String kind = thread.startsWith("kv-async-callback-") ? "kv-async-callback"
                    : thread.startsWith("kv-async-") ? "kv-async" : thread.equals("fake-io") ? "fake-io" : "caller";
            calls.add(call + " on " + kind);
        }

        @Override
        protected Payload readValue(String key) {
            record("readValue");
            return map.get(key);
        }

        @Override
        protected void writeValue(String key, Payload value) {
            record("writeValue");
            map.put(key, value);
        }

        @Override
        protected boolean removeValue(String key) {
            record("removeValue");
            return map.remove(key) != null;
        }

        @Override
        protected void writeWatchedValue(String key, Payload value) {
            record("writeWatchedValue");
            map.put(key, value);
        }

        private <T> CompletionStage<T> later(long millis, Supplier<T> effect) {
            CompletableFuture<T> f = new CompletableFuture<>();
            io.schedule(() -> {
                RuntimeException fail = failWith;
                if (fail != null) {
                    f.completeExceptionally(fail);
                } else {
                    f.complete(effect.get());
                }
            }, millis, TimeUnit.MILLISECONDS);
            return f;
        }

        @Override
        protected AsyncKvStore newAsyncView() {
            return nativeAsyncView(new AsyncStorage() {
                @Override
                public CompletionStage<Payload> readValue(String key) {
                    record("async readValue");
                    return later(0, () -> map.get(key));
                }

                @Override
                public CompletionStage<Void> writeValue(String key, Payload value) {
                    record("async writeValue");
                    return later(delays.getOrDefault(value.toUtf8(), 0L), () -> {
                        map.put(key, value);
                        return null;
                    });
                }

                @Override
                public CompletionStage<Boolean> removeValue(String key) {
                    record("async removeValue");
                    return later(0, () -> map.remove(key) != null);
                }
            });
        }
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static KvException failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        return (KvException) e.getCause();
    }

    @Test
    void unwatchedKeysUseTheNonBlockingCallsAndResultsEqualTheBlockingOnes() throws Exception {
        try (NativeStore store = new NativeStore()) {
            AsyncKvStore async = store.async();
            assertSame(store, async.synchronous());
            await(async.set("k", Payload.ofUtf8("v")));
            assertEquals(Payload.ofUtf8("v"), await(async.get("k")));
            assertEquals(Optional.empty(), await(async.find("missing")));
            await(async.delete("k"));
            await(async.delete("k"));
            assertEquals(List.of("async writeValue on caller", "async readValue on caller", "async readValue on caller",
                    "async removeValue on caller", "async removeValue on caller"), store.calls);
            KvException blocking = assertThrows(KvException.class, () -> store.get("k"));
            KvException viaFuture = failure(async.get("k"));
            assertEquals(blocking.reason(), viaFuture.reason());
            assertEquals(blocking.getMessage(), viaFuture.getMessage());
        }
    }

    @Test
    void argumentErrorsAndAClosedHandleAreReportedThroughTheFutureWithTheBlockingMessages() {
        NativeStore store = new NativeStore();
        AsyncKvStore async = store.async();
        Payload tooLarge = Payload.copyOf(new byte[(1 << 20) + 1]);
        KvException blocking = assertThrows(KvException.class, () -> store.set("k", tooLarge));
        KvException viaFuture = failure(async.set("k", tooLarge));
        assertEquals(blocking.getMessage(), viaFuture.getMessage());
        assertEquals(KvException.Reason.INVALID_ARGUMENT, failure(async.get("")).reason());
        assertEquals(KvException.Reason.INVALID_ARGUMENT, failure(async.set("k", (Payload) null)).reason());
        store.close();
        assertEquals(KvException.Reason.CLOSED, failure(async.set("k", Payload.ofUtf8("v"))).reason());
        assertTrue(store.calls.isEmpty(), "nothing reached the provider: " + store.calls);
    }

    @Test
    void oneThreadsWritesOfAKeyTakeEffectInIssueOrderEvenWhenTheFirstIsSlower() throws Exception {
        try (NativeStore store = new NativeStore()) {
            store.delays.put("first", 300L);
            AsyncKvStore async = store.async();
            CompletableFuture<Void> first = async.set("k", Payload.ofUtf8("first"));
            CompletableFuture<Void> second = async.set("k", Payload.ofUtf8("second"));
            CompletableFuture<Void> other = async.set("other", Payload.ofUtf8("x"));
            // A different key does not wait for k's slow write.
            await(other);
            assertFalse(first.isDone(), "the slow write finished before a write of another key");
            await(second);
            assertTrue(first.isDone());
            assertEquals("second", store.map.get("k").toUtf8());
        }
    }

    @Test
    void stagesRegisteredBeforeCompletionRunOnKvsCompletionThreadsNeverOnTheProvidersThread() throws Exception {
        try (NativeStore store = new NativeStore()) {
            store.delays.put("slow", 200L);
            AtomicReference<String> thread = new AtomicReference<>();
            CompletableFuture<Void> set = store.async().set("k", Payload.ofUtf8("slow"));
            CompletableFuture<Void> after = set.thenRun(() -> thread.set(Thread.currentThread().getName()));
            await(after);
            assertTrue(thread.get().startsWith("kv-async-callback-"), thread.get());
        }
    }

    @Test
    void aWatchedKeysWriteTakesTheLockedPathAndItsEventIsPublished() throws Exception {
        try (NativeStore store = new NativeStore()) {
            RecordingSubscriber watcher = new RecordingSubscriber(Long.MAX_VALUE);
            store.events("k").subscribe(watcher);
            await(store.async().set("k", Payload.ofUtf8("v")));
            await(store.async().set("unwatched", Payload.ofUtf8("w")));
            assertEquals(List.of("writeWatchedValue on kv-async", "async writeValue on caller"), store.calls);
            RecordingSubscriber.await(() -> watcher.events.size() == 1, "the event of the watched write");
            assertEquals("v", watcher.events.get(0).payload().toUtf8());
        }
    }

    @Test
    void aProviderFailureIsTheBlockingCallsStorageError() throws Exception {
        try (NativeStore store = new NativeStore()) {
            IllegalStateException boom = new IllegalStateException("disk on fire");
            store.failWith = boom;
            KvException viaFuture = failure(store.async().set("k", Payload.ofUtf8("v")));
            assertEquals(KvException.Reason.STORAGE, viaFuture.reason());
            assertSame(boom, viaFuture.getCause());
            assertEquals("set of key 'k' in store 'orders' (native:orders) failed: " + boom, viaFuture.getMessage());
            store.failWith = null;
            // The failure released the key: the next operation runs.
            await(store.async().set("k", Payload.ofUtf8("after")));
            assertEquals("after", store.map.get("k").toUtf8());
        }
    }

    @Test
    void manyOperationsOnOneKeyAllCompleteInOrder() throws Exception {
        try (NativeStore store = new NativeStore()) {
            AsyncKvStore async = store.async();
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                writes.add(async.set("k", Payload.ofUtf8("v" + i)));
            }
            await(CompletableFuture.allOf(writes.toArray(new CompletableFuture<?>[0])));
            assertEquals("v9999", store.map.get("k").toUtf8());
        }
    }
}
