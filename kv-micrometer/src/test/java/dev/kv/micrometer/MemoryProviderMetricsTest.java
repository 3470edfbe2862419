package dev.kv.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Cache;
import dev.kv.api.Kv;
import dev.kv.api.KvConfig;
import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The memory provider (Caffeine), instrumented: kv's own meters plus Caffeine's statistics via Micrometer. */
class MemoryProviderMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static KvStore openMemory(String name) {
        // Through the provider, not Kv.open, so that the global-registry decorator stays out of this test.
        return Kv.provider("memory").open(name, KvConfig.empty());
    }

    private double cacheCounter(String name, String... tags) {
        return registry.get(name).tags("cache", "mem-script").tags(tags).functionCounter().count();
    }

    @Test
    void aScriptedSequenceIsCountedByKvAndByCaffeine() throws Exception {
        KvStore raw = openMemory("mem-script");
        // Every call timed, so that the payload sizes below are those of every call.
        KvStore store = KvMetrics.with(registry).tags("app", "shop").sampleEvery(1).monitor(raw);
        assertSame(raw.unwrap(Cache.class), store.unwrap(Cache.class), "unwrap still reaches the Caffeine cache");

        Recorder watcher = new Recorder(Long.MAX_VALUE);
        store.events("a").subscribe(watcher);
        store.set("a", Payload.ofUtf8("12345"));
        store.set("b", Payload.ofUtf8("xy"));
        assertEquals("12345", store.get("a").toUtf8());
        assertEquals(KvException.Reason.NOT_FOUND, assertThrows(KvException.class, () -> store.get("x")).reason());
        assertEquals("xy", store.find("b").orElseThrow().toUtf8());
        assertTrue(store.find("y").isEmpty());
        store.delete("a");
        assertEquals(List.of(KvEvent.Kind.SET, KvEvent.Kind.DELETE),
                watcher.awaitEvents(2).stream().map(KvEvent::kind).toList());

        Map<String, Long> counts = new TreeMap<>();
        Map<String, Long> timed = new TreeMap<>();
        registry.find(KvMetrics.OPERATIONS).tags("provider", "memory", "store", "mem-script", "app", "shop")
                .functionCounters().forEach(c -> counts.put(c.getId().getTag("op") + "/" + c.getId().getTag("outcome"),
                        (long) c.count()));
        registry.find(KvMetrics.OPERATION_DURATION).tags("provider", "memory", "store", "mem-script", "app", "shop")
                .timers().forEach(t -> timed.put(t.getId().getTag("op") + "/" + t.getId().getTag("outcome"), t.count()));
        assertEquals(new TreeMap<>(Map.ofEntries(
                Map.entry("get/hit", 1L), Map.entry("get/miss", 1L), Map.entry("get/error", 0L),
                Map.entry("find/hit", 1L), Map.entry("find/miss", 1L), Map.entry("find/error", 0L),
                Map.entry("set/success", 2L), Map.entry("set/error", 0L),
                Map.entry("delete/success", 1L), Map.entry("delete/error", 0L),
                Map.entry("watch/success", 1L), Map.entry("watch/error", 0L))), counts);
        assertEquals(counts, timed, "sampling 1 in 1 times every call");
        assertEquals(7.0, registry.get(KvMetrics.PAYLOAD_SIZE).tags("store", "mem-script", "op", "set").summary()
                .totalAmount());
        assertEquals(1.0, registry.get(KvMetrics.WATCH_EVENTS_DELIVERED).tags("store", "mem-script", "kind", "set")
                .counter().count());
        assertEquals(1.0, registry.get(KvMetrics.WATCH_EVENTS_DELIVERED).tags("store", "mem-script", "kind", "delete")
                .counter().count());
        assertEquals(1.0, registry.get(KvMetrics.WATCH_SUBSCRIPTIONS).tags("store", "mem-script").gauge().value());

        // Caffeine's own statistics, bound by Micrometer's CaffeineCacheMetrics with the store's tags.
        assertEquals(2.0, cacheCounter("cache.gets", "result", "hit", "provider", "memory", "app", "shop"));
        assertEquals(2.0, cacheCounter("cache.gets", "result", "miss", "provider", "memory", "app", "shop"));
        assertEquals(0.0, cacheCounter("cache.evictions", "store", "mem-script"));
        assertEquals(1.0, registry.get("cache.size").tags("cache", "mem-script", "store", "mem-script").gauge().value());

        store.close();
        assertTrue(registry.find("cache.gets").tags("cache", "mem-script").meters().isEmpty(),
                "Caffeine's meters go with the store's last instrumented handle");
        assertTrue(registry.find(KvMetrics.WATCH_SUBSCRIPTIONS).tags("store", "mem-script").meters().isEmpty());
        assertEquals(1.0, registry.get(KvMetrics.OPERATIONS).tags("store", "mem-script", "op", "get", "outcome", "hit")
                .functionCounter().count(), "cumulative meters stay");
        assertEquals(1, registry.get(KvMetrics.OPERATION_DURATION).tags("store", "mem-script", "op", "get", "outcome",
                "hit").timer().count(), "cumulative meters stay");
    }

    @Test
    void aReopenedStoreIsBoundAgainToItsNewCache() {
        KvStore first = KvMetrics.monitor(registry, openMemory("mem-reopen"));
        first.set("k", Payload.ofUtf8("v"));
        first.get("k");
        first.close(); // the memory store's data and cache go with its last handle
        KvStore second = KvMetrics.monitor(registry, openMemory("mem-reopen"));
        assertTrue(second.find("k").isEmpty());
        // Counts of the new cache only: had the old cache's meters stayed, the new cache would not be bound.
        assertEquals(0.0, registry.get("cache.gets").tags("cache", "mem-reopen", "result", "hit").functionCounter()
                .count());
        assertEquals(1.0, registry.get("cache.gets").tags("cache", "mem-reopen", "result", "miss").functionCounter()
                .count());
        Collection<Meter> sizes = registry.find("cache.size").tags("cache", "mem-reopen").meters();
        assertEquals(1, sizes.size());
        second.close();
    }
}
