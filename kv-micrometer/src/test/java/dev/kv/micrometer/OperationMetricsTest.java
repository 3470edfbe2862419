package dev.kv.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Operation counts (exact), timers and payload sizes (sampled) after scripted sequences, the sampling option, and
 * the behaviour of the instrumented handle.
 */
class OperationMetricsTest {

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final TestProvider provider = new TestProvider();

    private long count(String store, String op, String outcome) {
        return (long) registry.get(KvMetrics.OPERATIONS).tags("store", store, "op", op, "outcome", outcome)
                .functionCounter().count();
    }

    private long timed(String store, String op, String outcome) {
        return registry.get(KvMetrics.OPERATION_DURATION).tags("store", store, "op", op, "outcome", outcome)
                .timer().count();
    }

    @Test
    void aScriptedSequenceIsCountedAndWithSampleEveryOneTimedPerOperationAndOutcome() {
        // Every call that reaches the provider's storage takes exactly 1 ms of the registry's clock.
        provider.duringStorageCall = () -> clock.add(1, TimeUnit.MILLISECONDS);
        KvStore store = KvMetrics.with(registry).tags("app", "shop").sampleEvery(1)
                .monitor(provider.open("orders", KvConfig.empty()));

        store.set("a", Payload.ofUtf8("abc"));
        store.set("b", new byte[] {1, 2, 3, 4, 5});
        assertEquals("abc", store.get("a").toUtf8());
        assertEquals(KvException.Reason.NOT_FOUND, assertThrows(KvException.class, () -> store.get("nope")).reason());
        assertEquals(5, store.find("b").orElseThrow().size());
        assertEquals(Optional.empty(), store.find("nope"));
        assertEquals(KvException.Reason.INVALID_ARGUMENT, assertThrows(KvException.class, () -> store.get("")).reason());
        provider.failNextWrite = new IllegalStateException("disk on fire");
        assertEquals(KvException.Reason.STORAGE,
                assertThrows(KvException.class, () -> store.set("a", Payload.ofUtf8("xyz"))).reason());
        assertEquals(KvException.Reason.INVALID_ARGUMENT,
                assertThrows(KvException.class, () -> store.set("a", (Payload) null)).reason());
        store.delete("a");
        store.delete("a");
        store.watch("b");
        assertEquals(KvException.Reason.INVALID_ARGUMENT, assertThrows(KvException.class, () -> store.watch(null)).reason());

        Map<String, Long> counts = new TreeMap<>();
        for (FunctionCounter c : registry.find(KvMetrics.OPERATIONS).tags("store", "orders").functionCounters()) {
            counts.put(c.getId().getTag("op") + "/" + c.getId().getTag("outcome"), (long) c.count());
        }
        Map<String, Long> timed = new TreeMap<>();
        Map<String, Double> millis = new TreeMap<>();
        for (Timer t : registry.find(KvMetrics.OPERATION_DURATION).tags("store", "orders").timers()) {
            String key = t.getId().getTag("op") + "/" + t.getId().getTag("outcome");
            timed.put(key, t.count());
            millis.put(key, t.totalTime(TimeUnit.MILLISECONDS));
        }
        Map<String, Long> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("get/hit", 1L), Map.entry("get/miss", 1L), Map.entry("get/error", 1L),
                Map.entry("find/hit", 1L), Map.entry("find/miss", 1L), Map.entry("find/error", 0L),
                Map.entry("set/success", 2L), Map.entry("set/error", 2L),
                Map.entry("delete/success", 2L), Map.entry("delete/error", 0L),
                Map.entry("watch/success", 1L), Map.entry("watch/error", 1L)));
        assertEquals(expected, counts);
        assertEquals(expected, timed, "sampling 1 in 1 times every call");
        // Failures rejected before the storage call (illegal key, null payload) take no clock time.
        assertEquals(new TreeMap<>(Map.ofEntries(
                Map.entry("get/hit", 1.0), Map.entry("get/miss", 1.0), Map.entry("get/error", 0.0),
                Map.entry("find/hit", 1.0), Map.entry("find/miss", 1.0), Map.entry("find/error", 0.0),
                Map.entry("set/success", 2.0), Map.entry("set/error", 1.0),
                Map.entry("delete/success", 2.0), Map.entry("delete/error", 0.0),
                Map.entry("watch/success", 0.0), Map.entry("watch/error", 0.0))), millis);

        assertEquals(2, registry.get(KvMetrics.PAYLOAD_SIZE).tags("store", "orders", "op", "set").summary().count());
        assertEquals(8.0, registry.get(KvMetrics.PAYLOAD_SIZE).tags("store", "orders", "op", "set").summary().totalAmount());
        assertEquals(1, registry.get(KvMetrics.PAYLOAD_SIZE).tags("store", "orders", "op", "get").summary().count());
        assertEquals(3.0, registry.get(KvMetrics.PAYLOAD_SIZE).tags("store", "orders", "op", "get").summary().totalAmount());
        assertEquals(1, registry.get(KvMetrics.PAYLOAD_SIZE).tags("store", "orders", "op", "find").summary().count());
        assertEquals(5.0, registry.get(KvMetrics.PAYLOAD_SIZE).tags("store", "orders", "op", "find").summary().totalAmount());
        store.close();
    }

    @Test
    void everyMeterCarriesProviderStoreAndTheGivenTagsADescriptionAndBaseUnits() {
        // A "store" tag given by the caller is replaced by the store's name, as CaffeineCacheMetrics does for "cache".
        KvStore store = KvMetrics.monitor(registry, provider.open("tagged", KvConfig.empty()), "app", "shop",
                "store", "wrong");
        store.set("k", Payload.ofUtf8("v"));
        int kvMeters = 0;
        for (Meter m : registry.getMeters()) {
            Meter.Id id = m.getId();
            if (!id.getName().startsWith("kv.")) {
                continue;
            }
            kvMeters++;
            assertEquals("test", id.getTag("provider"), id.toString());
            assertEquals("tagged", id.getTag("store"), id.toString());
            assertEquals("shop", id.getTag("app"), id.toString());
            assertNotNull(id.getDescription(), id.toString());
            assertTrue(id.getName().matches("[a-z]+(\\.[a-z]+)+"), id.getName());
            for (Tag t : id.getTags()) {
                assertTrue(t.getKey().matches("[a-z]+"), t.toString());
            }
        }
        // 12 operation counters and 12 timers (one per op and outcome), 3 summaries, 4 delivered counters (one per
        // event kind), 1 dropped counter, 1 gauge.
        assertEquals(33, kvMeters);
        assertEquals("bytes", registry.get(KvMetrics.PAYLOAD_SIZE).tags("op", "set").summary().getId().getBaseUnit());
        assertEquals("operations", registry.get(KvMetrics.OPERATIONS).tags("op", "set", "outcome", "success")
                .functionCounter().getId().getBaseUnit());
        assertEquals("seconds", registry.get(KvMetrics.OPERATION_DURATION).tags("op", "set", "outcome", "success")
                .timer().getId().getBaseUnit());
        assertEquals("events", registry.get(KvMetrics.WATCH_EVENTS_DROPPED).counter().getId().getBaseUnit());
        store.close();
    }

    @Test
    void resultsAndExceptionsAreTheProvidersOwn() {
        KvStore raw = provider.open("same", KvConfig.empty());
        KvStore store = KvMetrics.monitor(registry, raw);
        assertNotSame(raw, store);
        assertEquals(raw.name(), store.name());
        assertEquals(raw.rd(), store.rd());
        assertEquals(raw.providerId(), store.providerId());
        assertEquals(raw.limits(), store.limits());

        KvException full = KvException.of(KvException.Reason.CAPACITY_EXCEEDED, "store 'same' is full");
        provider.failNextWrite = full;
        assertSame(full, assertThrows(KvException.class, () -> store.set("k", Payload.ofUtf8("v"))));

        KvException miss = assertThrows(KvException.class, () -> store.get("absent"));
        KvException rawMiss = assertThrows(KvException.class, () -> raw.get("absent"));
        assertEquals(rawMiss.reason(), miss.reason());
        assertEquals(rawMiss.getMessage(), miss.getMessage());
        assertEquals(0, miss.getStackTrace().length, "a miss stays cheap: no stack trace (GET-4)");

        KvException tooBig = assertThrows(KvException.class, () -> store.set("k", new byte[(1 << 20) + 1]));
        KvException rawTooBig = assertThrows(KvException.class, () -> raw.set("k", new byte[(1 << 20) + 1]));
        assertEquals(KvException.Reason.PAYLOAD_TOO_LARGE, tooBig.reason());
        assertEquals(rawTooBig.getMessage(), tooBig.getMessage());
        KvException nullBytes = assertThrows(KvException.class, () -> store.set("k", (byte[]) null));
        assertEquals(assertThrows(KvException.class, () -> raw.set("k", (byte[]) null)).getMessage(),
                nullBytes.getMessage());

        store.set("k", Payload.ofUtf8("v"));
        assertEquals(Payload.ofUtf8("v"), raw.get("k"));
        assertEquals(raw.watch("k"), store.watch("k"));

        assertSame(raw.unwrap(ConcurrentMap.class), store.unwrap(ConcurrentMap.class));
        KvException cannot = assertThrows(KvException.class, () -> store.unwrap(String.class));
        assertEquals(KvException.Reason.UNSUPPORTED, cannot.reason());
        assertEquals(assertThrows(KvException.class, () -> raw.unwrap(String.class)).getMessage(), cannot.getMessage());
        assertSame(store, store.unwrap(KvStore.class));
        store.close();
    }

    @Test
    void closeClosesTheProvidersHandleOnceAndLaterCallsFailAsTheyWould() {
        KvStore raw = provider.open("closing", KvConfig.empty());
        KvStore store = KvMetrics.monitor(registry, raw);
        assertTrue(store.isOpen());
        store.close();
        assertFalse(raw.isOpen());
        assertFalse(store.isOpen());
        store.close();
        KvException closed = assertThrows(KvException.class, () -> store.get("k"));
        assertEquals(KvException.Reason.CLOSED, closed.reason());
        assertEquals(assertThrows(KvException.class, () -> raw.get("k")).getMessage(), closed.getMessage());
        assertEquals(1, count("closing", "get", "error"));
    }

    @Test
    void handlesOfOneStoreShareMetersAndTheLastCloseRemovesTheGauges() {
        KvStore first = KvMetrics.monitor(registry, provider.open("shared", KvConfig.empty()));
        KvStore second = KvMetrics.monitor(registry, provider.open("shared", KvConfig.empty()));
        first.set("k", Payload.ofUtf8("v"));
        second.set("k", Payload.ofUtf8("w"));
        assertEquals(2, count("shared", "set", "success"));
        assertEquals(1, registry.find(KvMetrics.WATCH_SUBSCRIPTIONS).tags("store", "shared").gauges().size());

        first.close();
        first.close(); // idempotent: must not count as the second handle's close
        assertNotNull(registry.find(KvMetrics.WATCH_SUBSCRIPTIONS).tags("store", "shared").gauge());
        second.close();
        assertNull(registry.find(KvMetrics.WATCH_SUBSCRIPTIONS).tags("store", "shared").gauge());
        // Cumulative meters stay, and a reopened store goes on counting in them, even once the handles that
        // counted before are unreachable (the registry holds a function counter's object weakly).
        first = null;
        second = null;
        System.gc();
        assertEquals(2, count("shared", "set", "success"));
        KvStore third = KvMetrics.monitor(registry, provider.open("shared", KvConfig.empty()));
        third.set("k", Payload.ofUtf8("x"));
        assertEquals(3, count("shared", "set", "success"));
        assertEquals(1, registry.find(KvMetrics.OPERATIONS).tags("store", "shared", "op", "set", "outcome", "success")
                .functionCounters().size());
        assertEquals(0.0, registry.get(KvMetrics.WATCH_SUBSCRIPTIONS).tags("store", "shared").gauge().value());
        third.close();
    }

    @Test
    void monitoringTwiceIntoOneRegistryDoesNotCountTwiceButAnotherRegistryGetsItsOwnCounts() {
        KvStore once = KvMetrics.monitor(registry, provider.open("twice", KvConfig.empty()));
        assertSame(once, KvMetrics.monitor(registry, once));
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        KvStore both = KvMetrics.monitor(other, once);
        assertNotSame(once, both);
        both.set("k", Payload.ofUtf8("v"));
        assertEquals(1, count("twice", "set", "success"));
        assertEquals(1.0, other.get(KvMetrics.OPERATIONS).tags("op", "set", "outcome", "success").functionCounter()
                .count());
        both.close();
        assertFalse(once.isOpen());
    }

    @Test
    void aClosedHandleIsReturnedAsIs() {
        KvStore raw = provider.open("gone", KvConfig.empty());
        raw.close();
        assertSame(raw, KvMetrics.monitor(registry, raw));
        assertTrue(registry.getMeters().isEmpty());
    }

    @Test
    void argumentsAreChecked() {
        KvStore raw = provider.open("args", KvConfig.empty());
        assertEquals("registry must not be null",
                assertThrows(NullPointerException.class, () -> KvMetrics.monitor(null, raw)).getMessage());
        assertEquals("store must not be null",
                assertThrows(NullPointerException.class, () -> KvMetrics.monitor(registry, null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> KvMetrics.monitor(registry, raw, "odd"));
        assertEquals("registry must not be null",
                assertThrows(NullPointerException.class, () -> KvMetrics.with(null)).getMessage());
        assertEquals("store must not be null",
                assertThrows(NullPointerException.class, () -> KvMetrics.with(registry).monitor(null)).getMessage());
        assertTrue(registry.getMeters().isEmpty(), "nothing registered by refused calls");
        raw.close();
    }

    @Test
    void aSamplingRateOtherThanAPowerOfTwoFromOneIsRejectedNamingIt() {
        for (int bad : new int[] {0, -1, -64, 3, 48, 100, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KvMetrics.with(registry).sampleEvery(bad));
            assertTrue(e.getMessage().startsWith("sampleEvery must be a power of two")
                    && e.getMessage().endsWith("not " + bad), e.getMessage());
        }
        for (int good : new int[] {1, 2, 64, 1 << 30}) {
            KvStore store = KvMetrics.with(registry).sampleEvery(good).monitor(provider.open("rate-" + good,
                    KvConfig.empty()));
            store.set("k", Payload.ofUtf8("v"));
            assertEquals(1, count("rate-" + good, "set", "success"));
            store.close();
        }
    }

    @Test
    void withALargeRateFewCallsAreTimedButEveryCallIsCounted() {
        KvStore store = KvMetrics.with(registry).sampleEvery(1 << 30).monitor(provider.open("rare", KvConfig.empty()));
        int calls = 10_000;
        store.set("k", Payload.ofUtf8("v"));
        for (int i = 0; i < calls; i++) {
            store.get("k");
            store.find("absent");
        }
        assertEquals(calls, count("rare", "get", "hit"));
        assertEquals(calls, count("rare", "find", "miss"));
        assertEquals(1, count("rare", "set", "success"));
        // 1 in 2^30: the chance that even one of these calls was sampled is about 2e-5.
        assertTrue(timed("rare", "get", "hit") < calls, "timed " + timed("rare", "get", "hit"));
        assertTrue(timed("rare", "find", "miss") < calls, "timed " + timed("rare", "find", "miss"));
        assertEquals(timed("rare", "get", "hit"),
                registry.get(KvMetrics.PAYLOAD_SIZE).tags("store", "rare", "op", "get").summary().count(),
                "payload sizes are recorded for the sampled calls only");
        store.close();
    }

    @Test
    void theDefaultRateTimesAboutOneCallIn256AndCountsEveryOne() {
        assertEquals(256, KvMetrics.DEFAULT_SAMPLE_EVERY);
        provider.duringStorageCall = () -> clock.add(1, TimeUnit.MILLISECONDS);
        KvStore store = KvMetrics.monitor(registry, provider.open("default-rate", KvConfig.empty()));
        store.set("k", Payload.ofUtf8("abcd"));
        int calls = 256 * 400;
        for (int i = 0; i < calls; i++) {
            store.get("k");
        }
        assertEquals(calls, count("default-rate", "get", "hit"));
        long timed = timed("default-rate", "get", "hit");
        // Binomial(102400, 1/256): mean 400, standard deviation 20; these bounds are 10 deviations out.
        assertTrue(timed >= 200 && timed <= 600, "timed " + timed + " of " + calls);
        Timer timer = registry.get(KvMetrics.OPERATION_DURATION).tags("store", "default-rate", "op", "get", "outcome",
                "hit").timer();
        assertEquals(timed, timer.totalTime(TimeUnit.MILLISECONDS), 1e-9, "each sampled call took 1 ms");
        DistributionSummary sizes = registry.get(KvMetrics.PAYLOAD_SIZE).tags("store", "default-rate", "op", "get")
                .summary();
        assertEquals(timed, sizes.count(), "the same calls are sampled for the timer and the payload size");
        assertEquals(4.0 * timed, sizes.totalAmount());
        store.close();
    }

    @Test
    void handlesOfOneStoreInOneRegistryMustShareTheRate() {
        KvStore raw = provider.open("one-rate", KvConfig.empty());
        KvStore sampled = KvMetrics.with(registry).sampleEvery(16).monitor(raw);
        assertSame(sampled, KvMetrics.with(registry).sampleEvery(16).monitor(sampled));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KvMetrics.with(registry).sampleEvery(1).monitor(sampled));
        assertTrue(e.getMessage().contains("cannot sample 1 in 1 calls of store 'one-rate'")
                && e.getMessage().contains("sample 1 in 16"), e.getMessage());
        KvStore other = provider.open("one-rate", KvConfig.empty());
        assertThrows(IllegalArgumentException.class, () -> KvMetrics.monitor(registry, other), "the default rate");
        // Another registry has its own meters: any rate.
        SimpleMeterRegistry elsewhere = new SimpleMeterRegistry();
        KvStore everyCall = KvMetrics.with(elsewhere).sampleEvery(1).monitor(other);
        everyCall.set("k", Payload.ofUtf8("v"));
        assertEquals(1, elsewhere.get(KvMetrics.OPERATION_DURATION).tags("op", "set", "outcome", "success").timer()
                .count());
        assertEquals(0, count("one-rate", "set", "success"));
        everyCall.close();
        sampled.close();
        // Once its handles are closed, the store may be monitored anew with another rate (a warning says the
        // timers now mix two rates); the counter goes on exactly.
        KvStore again = KvMetrics.with(registry).sampleEvery(1).monitor(provider.open("one-rate", KvConfig.empty()));
        again.set("k", Payload.ofUtf8("w"));
        again.set("k", Payload.ofUtf8("x"));
        assertEquals(2, count("one-rate", "set", "success"));
        assertEquals(2, timed("one-rate", "set", "success"));
        again.close();
    }
}
