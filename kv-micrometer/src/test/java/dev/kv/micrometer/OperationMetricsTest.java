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

/** Operation timers and payload sizes after scripted sequences, and the behaviour of the instrumented handle. */
class OperationMetricsTest {

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final TestProvider provider = new TestProvider();

    @Test
    void aScriptedSequenceIsCountedAndTimedPerOperationAndOutcome() {
        // Every call that reaches the provider's storage takes exactly 1 ms of the registry's clock.
        provider.duringStorageCall = () -> clock.add(1, TimeUnit.MILLISECONDS);
        KvStore store = KvMetrics.monitor(registry, provider.open("orders", KvConfig.empty()), "app", "shop");

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
        Map<String, Double> millis = new TreeMap<>();
        for (Timer t : registry.find(KvMetrics.OPERATIONS).tags("store", "orders").timers()) {
            String key = t.getId().getTag("op") + "/" + t.getId().getTag("outcome");
            counts.put(key, t.count());
            millis.put(key, t.totalTime(TimeUnit.MILLISECONDS));
        }
        assertEquals(new TreeMap<>(Map.ofEntries(
                Map.entry("get/hit", 1L), Map.entry("get/miss", 1L), Map.entry("get/error", 1L),
                Map.entry("find/hit", 1L), Map.entry("find/miss", 1L), Map.entry("find/error", 0L),
                Map.entry("set/success", 2L), Map.entry("set/error", 2L),
                Map.entry("delete/success", 2L), Map.entry("delete/error", 0L),
                Map.entry("watch/success", 1L), Map.entry("watch/error", 1L))), counts);
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
        // 12 timers, 3 summaries, 4 delivered counters (one per event kind), 1 dropped counter, 1 gauge.
        assertEquals(21, kvMeters);
        assertEquals("bytes", registry.get(KvMetrics.PAYLOAD_SIZE).tags("op", "set").summary().getId().getBaseUnit());
        assertEquals("seconds", registry.get(KvMetrics.OPERATIONS).tags("op", "set", "outcome", "success").timer()
                .getId().getBaseUnit());
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
        assertEquals(1, registry.get(KvMetrics.OPERATIONS).tags("store", "closing", "op", "get", "outcome", "error")
                .timer().count());
    }

    @Test
    void handlesOfOneStoreShareMetersAndTheLastCloseRemovesTheGauges() {
        KvStore first = KvMetrics.monitor(registry, provider.open("shared", KvConfig.empty()));
        KvStore second = KvMetrics.monitor(registry, provider.open("shared", KvConfig.empty()));
        first.set("k", Payload.ofUtf8("v"));
        second.set("k", Payload.ofUtf8("w"));
        assertEquals(2, registry.get(KvMetrics.OPERATIONS).tags("store", "shared", "op", "set", "outcome", "success")
                .timer().count());
        assertEquals(1, registry.find(KvMetrics.WATCH_SUBSCRIPTIONS).tags("store", "shared").gauges().size());

        first.close();
        first.close(); // idempotent: must not count as the second handle's close
        assertNotNull(registry.find(KvMetrics.WATCH_SUBSCRIPTIONS).tags("store", "shared").gauge());
        second.close();
        assertNull(registry.find(KvMetrics.WATCH_SUBSCRIPTIONS).tags("store", "shared").gauge());
        // Cumulative meters stay, and a reopened store goes on counting in them.
        KvStore third = KvMetrics.monitor(registry, provider.open("shared", KvConfig.empty()));
        third.set("k", Payload.ofUtf8("x"));
        assertEquals(3, registry.get(KvMetrics.OPERATIONS).tags("store", "shared", "op", "set", "outcome", "success")
                .timer().count());
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
        assertEquals(1, registry.get(KvMetrics.OPERATIONS).tags("op", "set", "outcome", "success").timer().count());
        assertEquals(1, other.get(KvMetrics.OPERATIONS).tags("op", "set", "outcome", "success").timer().count());
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
        raw.close();
    }
}
