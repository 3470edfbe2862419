package dev.kv.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.AsyncKvStore;
import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The default views: on AbstractKvStore (lanes), immediate, and through a ForwardingKvStore. */
class AsyncViewTest {

    private static KvException failure(CompletableFuture<?> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        return (KvException) e.getCause();
    }

    @Test
    void theDefaultViewIsOfTheSameStoreAndFailsAsTheBlockingCalls() throws Exception {
        try (KvStore store = new MapProvider().open("orders", KvConfig.empty())) {
            AsyncKvStore async = store.async();
            assertSame(store, async.synchronous());
            assertSame(async, store.async(), "a handle makes its view once");
            async.set("k", Payload.ofUtf8("v")).get(30, TimeUnit.SECONDS);
            assertEquals(Optional.of(Payload.ofUtf8("v")), store.find("k"));
            assertEquals(Payload.ofUtf8("v"), async.get("k").get(30, TimeUnit.SECONDS));
            KvException blocking = assertThrows(KvException.class, () -> store.get("missing"));
            KvException viaFuture = failure(async.get("missing"));
            assertEquals(blocking.reason(), viaFuture.reason());
            assertEquals(blocking.getMessage(), viaFuture.getMessage());
            assertEquals(KvException.Reason.INVALID_ARGUMENT, failure(async.set(null, Payload.ofUtf8("v"))).reason());
            assertEquals(KvException.Reason.INVALID_ARGUMENT, failure(async.set("k", (byte[]) null)).reason());
            store.close();
            assertEquals(KvException.Reason.CLOSED, failure(async.delete("k")).reason());
        }
    }

    @Test
    void theImmediateViewCompletesBeforeReturning() {
        try (KvStore store = new MapProvider().open("orders", KvConfig.empty())) {
            AsyncKvStore async = AsyncViews.immediate(store);
            CompletableFuture<Void> set = async.set("k", Payload.ofUtf8("v"));
            assertTrue(set.isDone() && !set.isCompletedExceptionally());
            CompletableFuture<Payload> miss = async.get("missing");
            assertTrue(miss.isCompletedExceptionally(), "a miss must fail the future, not throw");
        }
    }

    @Test
    void aWrappersViewLeadsBackToTheWrapper() throws Exception {
        try (KvStore store = new MapProvider().open("orders", KvConfig.empty())) {
            KvStore wrapper = new ForwardingKvStore(store) {
            };
            AsyncKvStore async = wrapper.async();
            assertSame(wrapper, async.synchronous());
            async.set("k", Payload.ofUtf8("v")).get(30, TimeUnit.SECONDS);
            assertEquals(Optional.of(Payload.ofUtf8("v")), wrapper.find("k"));
        }
    }
}
