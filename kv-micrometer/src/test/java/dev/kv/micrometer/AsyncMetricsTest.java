package dev.kv.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kv.api.AsyncKvStore;
import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Asynchronous calls are counted into the same meters as blocking ones, timed until their futures complete. */
class AsyncMetricsTest {

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final TestProvider provider = new TestProvider();

    private long count(String op, String outcome) {
        return (long) registry.get(KvMetrics.OPERATIONS).tags("store", "orders", "op", op, "outcome", outcome)
                .functionCounter().count();
    }

    private double timedMillis(String op, String outcome) {
        return registry.get(KvMetrics.OPERATION_DURATION).tags("store", "orders", "op", op, "outcome", outcome)
                .timer().totalTime(TimeUnit.MILLISECONDS);
    }

    @Test
    void asyncCallsAreCountedPerOutcomeAndTimedToCompletion() throws Exception {
        KvStore store = KvMetrics.with(registry).sampleEvery(1).monitor(provider.open("orders", KvConfig.empty()));
        AsyncKvStore async = store.async();
        assertSame(store, async.synchronous(), "the view must lead back to the instrumented handle");

        // the storage call waits until the clock has moved 5 ms: the timer must cover it
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        provider.duringStorageCall = () -> {
            inside.countDown();
            await(release);
        };
        CompletableFuture<Void> set = async.set("a", Payload.ofUtf8("abc"));
        inside.await(30, TimeUnit.SECONDS);
        clock.add(5, TimeUnit.MILLISECONDS);
        release.countDown();
        set.get(30, TimeUnit.SECONDS);
        provider.duringStorageCall = () -> { };

        assertEquals(Payload.ofUtf8("abc"), async.get("a").get(30, TimeUnit.SECONDS));
        ExecutionException miss = assertThrows(ExecutionException.class, () -> async.get("nope").get(30, TimeUnit.SECONDS));
        assertEquals(KvException.Reason.NOT_FOUND, ((KvException) miss.getCause()).reason());
        assertEquals(Optional.empty(), async.find("nope").get(30, TimeUnit.SECONDS));
        assertThrows(ExecutionException.class, () -> async.set("", Payload.ofUtf8("x")).get(30, TimeUnit.SECONDS));
        async.delete("a").get(30, TimeUnit.SECONDS);

        assertEquals(1, count("set", "success"));
        assertEquals(1, count("set", "error"));
        assertEquals(1, count("get", "hit"));
        assertEquals(1, count("get", "miss"));
        assertEquals(1, count("find", "miss"));
        assertEquals(1, count("delete", "success"));
        assertEquals(5.0, timedMillis("set", "success"), 0.001, "timed from the call to the future's completion");
        store.close();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
