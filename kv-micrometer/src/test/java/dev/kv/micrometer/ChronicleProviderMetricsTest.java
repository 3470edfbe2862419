package dev.kv.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.Kv;
import dev.kv.api.KvConfig;
import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.openhft.chronicle.map.ChronicleMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chronicle provider (Chronicle Map), instrumented: kv's own meters plus the map's occupancy gauges. */
class ChronicleProviderMetricsTest {

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private KvStore openChronicle(String name) {
        // Through the provider, not Kv.open, so that the global-registry decorator stays out of this test.
        return Kv.provider("chronicle").open(name, KvConfig.builder().set("kv.chronicle.dataDir", dir.toString()).build());
    }

    private double gauge(String name, String store) {
        return registry.get(name).tags("store", store, "provider", "chronicle").gauge().value();
    }

    @Test
    void aScriptedSequenceIsCountedAndTheMapsOccupancyGauged() throws Exception {
        KvStore raw = openChronicle("chr-script");
        // Every call timed, so that the payload sizes below are those of every call.
        KvStore store = KvMetrics.with(registry).tags("app", "shop").sampleEvery(1).monitor(raw);
        ChronicleMap<?, ?> map = raw.unwrap(ChronicleMap.class);
        assertSame(map, store.unwrap(ChronicleMap.class), "unwrap still reaches the Chronicle map");

        Recorder watcher = new Recorder(Long.MAX_VALUE);
        store.events("c").subscribe(watcher);
        store.set("a", Payload.ofUtf8("123"));
        store.set("b", Payload.ofUtf8("4567"));
        store.set("c", Payload.ofUtf8("89"));
        assertEquals("123", store.get("a").toUtf8());
        assertEquals(KvException.Reason.NOT_FOUND, assertThrows(KvException.class, () -> store.get("x")).reason());
        assertEquals("4567", store.find("b").orElseThrow().toUtf8());
        assertTrue(store.find("y").isEmpty());
        store.delete("c");
        assertEquals(List.of(KvEvent.Kind.SET, KvEvent.Kind.DELETE),
                watcher.awaitEvents(2).stream().map(KvEvent::kind).toList());

        Map<String, Long> counts = new TreeMap<>();
        Map<String, Long> timed = new TreeMap<>();
        registry.find(KvMetrics.OPERATIONS).tags("provider", "chronicle", "store", "chr-script", "app", "shop")
                .functionCounters().forEach(c -> counts.put(c.getId().getTag("op") + "/" + c.getId().getTag("outcome"),
                        (long) c.count()));
        registry.find(KvMetrics.OPERATION_DURATION).tags("provider", "chronicle", "store", "chr-script", "app", "shop")
                .timers().forEach(t -> timed.put(t.getId().getTag("op") + "/" + t.getId().getTag("outcome"), t.count()));
        assertEquals(new TreeMap<>(Map.ofEntries(
                Map.entry("get/hit", 1L), Map.entry("get/miss", 1L), Map.entry("get/error", 0L),
                Map.entry("find/hit", 1L), Map.entry("find/miss", 1L), Map.entry("find/error", 0L),
                Map.entry("set/success", 3L), Map.entry("set/error", 0L),
                Map.entry("delete/success", 1L), Map.entry("delete/error", 0L),
                Map.entry("watch/success", 1L), Map.entry("watch/error", 0L))), counts);
        assertEquals(counts, timed, "sampling 1 in 1 times every call");
        assertEquals(9.0, registry.get(KvMetrics.PAYLOAD_SIZE).tags("store", "chr-script", "op", "set").summary()
                .totalAmount());
        assertEquals(1.0, registry.get(KvMetrics.WATCH_EVENTS_DELIVERED).tags("store", "chr-script", "kind", "set")
                .counter().count());
        assertEquals(1.0, registry.get(KvMetrics.WATCH_EVENTS_DELIVERED).tags("store", "chr-script", "kind", "delete")
                .counter().count());

        // The map's entries: the provider's own (settings, change log, tombstones) take capacity as keys do.
        assertEquals((double) map.longSize(), gauge(KvMetrics.CHRONICLE_ENTRIES, "chr-script"));
        assertTrue(gauge(KvMetrics.CHRONICLE_ENTRIES, "chr-script") >= 2, "at least the keys a and b");
        double offHeap = gauge(KvMetrics.CHRONICLE_OFF_HEAP_USED, "chr-script");
        assertEquals((double) map.offHeapMemoryUsed(), offHeap);
        assertTrue(offHeap > 0, "a map file is mapped: " + offHeap);
        double used = gauge(KvMetrics.CHRONICLE_CAPACITY_USED, "chr-script");
        assertEquals((100 - map.percentageFreeSpace()) / 100.0, used);
        assertTrue(used >= 0 && used <= 1, "a share: " + used);
        assertEquals("bytes", registry.get(KvMetrics.CHRONICLE_OFF_HEAP_USED).gauge().getId().getBaseUnit());
        assertEquals("shop", registry.get(KvMetrics.CHRONICLE_ENTRIES).gauge().getId().getTag("app"));

        Gauge entries = registry.get(KvMetrics.CHRONICLE_ENTRIES).tags("store", "chr-script").gauge();
        store.close();
        assertTrue(Double.isNaN(entries.value()), "a closed map is not read");
        assertNull(registry.find(KvMetrics.CHRONICLE_ENTRIES).tags("store", "chr-script").gauge(),
                "the map's gauges go with the store's last instrumented handle");
        assertNull(registry.find(KvMetrics.CHRONICLE_OFF_HEAP_USED).tags("store", "chr-script").gauge());
        assertNull(registry.find(KvMetrics.CHRONICLE_CAPACITY_USED).tags("store", "chr-script").gauge());
    }

    @Test
    void aReopenedStoreIsGaugedThroughItsNewMap() {
        KvStore first = KvMetrics.monitor(registry, openChronicle("chr-reopen"));
        first.set("k1", Payload.ofUtf8("v"));
        first.close();
        KvStore second = KvMetrics.monitor(registry, openChronicle("chr-reopen"));
        second.set("k2", Payload.ofUtf8("w"));
        assertEquals("v", second.get("k1").toUtf8(), "persisted");
        // Bound to the new map: the first one is closed, and a gauge left on it would read NaN.
        assertEquals((double) second.unwrap(ChronicleMap.class).longSize(), gauge(KvMetrics.CHRONICLE_ENTRIES, "chr-reopen"));
        assertEquals(2.0, registry.get(KvMetrics.OPERATIONS).tags("store", "chr-reopen", "op", "set", "outcome",
                "success").functionCounter().count());
        second.close();
    }

    @Test
    void storesOpenedThroughKvAreInstrumentedWithTheGlobalRegistry() {
        Metrics.addRegistry(registry);
        try (KvStore store = Kv.builder().provider("chronicle").set("kv.chronicle.dataDir", dir.toString())
                .set(KvMetrics.ENABLED_PROPERTY, "true") // not under kv.chronicle., so the provider accepts it
                .open("chr-global")) {
            store.set("k", Payload.ofUtf8("v"));
            assertEquals(1.0, registry.get(KvMetrics.OPERATIONS).tags("store", "chr-global", "provider", "chronicle",
                    "op", "set", "outcome", "success").functionCounter().count());
            assertEquals((double) store.unwrap(ChronicleMap.class).longSize(),
                    gauge(KvMetrics.CHRONICLE_ENTRIES, "chr-global"));
        } finally {
            Metrics.removeRegistry(registry);
        }
    }

    @Test
    void theMemoryBinderLeavesChronicleStoresAlone() {
        KvStore store = KvMetrics.monitor(registry, openChronicle("chr-only"));
        assertTrue(registry.find("cache.gets").meters().isEmpty());
        store.close();
    }
}
