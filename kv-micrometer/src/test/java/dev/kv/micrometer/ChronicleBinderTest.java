package dev.kv.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvLimits;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.AbstractKvStore;
import dev.kv.api.spi.WatchHub;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import net.openhft.chronicle.map.ChronicleMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in Chronicle binder against a store of the test's own on an in-memory Chronicle map: it is selected by
 * what the store unwraps to, whatever the provider.
 */
class ChronicleBinderTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /**
     * Chronicle compiles code at run time against {@code java.class.path}; on JDK 25 that needs chronicle-core and
     * chronicle-bytes listed there, which they are not under surefire (the chronicle provider does the same before
     * its first map; this test makes a map without it). Must run before any Chronicle class is initialised.
     */
    @BeforeAll
    static void exposeChronicleJarsToItsRuntimeCompiler() throws Exception {
        List<String> entries = new ArrayList<>(List.of(System.getProperty("java.class.path", "").split(File.pathSeparator)));
        for (String c : List.of("net.openhft.chronicle.core.Jvm", "net.openhft.chronicle.bytes.Bytes")) {
            CodeSource source = Class.forName(c, false, ChronicleBinderTest.class.getClassLoader())
                    .getProtectionDomain().getCodeSource();
            String jar = Path.of(source.getLocation().toURI()).toString();
            if (!entries.contains(jar)) {
                entries.add(jar);
            }
        }
        System.setProperty("java.class.path", String.join(File.pathSeparator, entries));
    }

    /** A store on a Chronicle map of its own, which it closes with the handle. */
    private static KvStore chronicleStore(String name) {
        ChronicleMap<String, byte[]> map = ChronicleMap.of(String.class, byte[].class)
                .name(name).entries(1_000).averageKeySize(8).averageValueSize(16).create();
        return new AbstractKvStore("own", name, new KvLimits(256, 1 << 20),
                new WatchHub("own:" + name, 16, ForkJoinPool.commonPool())) {
            @Override
            protected Payload readValue(String key) {
                byte[] v = map.get(key);
                return v == null ? null : Payload.copyOf(v);
            }

            @Override
            protected void writeValue(String key, Payload value) {
                map.put(key, value.toByteArray());
            }

            @Override
            protected boolean removeValue(String key) {
                return map.remove(key) != null;
            }

            @Override
            protected void release() {
                map.close();
            }

            @Override
            public <T> T unwrap(Class<T> type) {
                return type.isInstance(map) ? type.cast(map) : super.unwrap(type);
            }
        };
    }

    @Test
    void entriesShareOfSpaceUsedAndOffHeapBytesAreGaugedUntilTheStoreCloses() {
        KvStore store = KvMetrics.monitor(registry, chronicleStore("own-map"), "app", "shop");
        ChronicleMap<?, ?> map = store.unwrap(ChronicleMap.class);
        for (int i = 0; i < 300; i++) {
            store.set("k" + i, Payload.ofUtf8("value-" + i));
        }
        store.delete("k0");

        Gauge entries = registry.get(KvMetrics.CHRONICLE_ENTRIES).tags("store", "own-map", "provider", "own", "app", "shop")
                .gauge();
        assertEquals(299.0, entries.value());
        double offHeap = registry.get(KvMetrics.CHRONICLE_OFF_HEAP_USED).tags("store", "own-map").gauge().value();
        assertEquals((double) map.offHeapMemoryUsed(), offHeap);
        assertTrue(offHeap > 0, "off-heap bytes: " + offHeap);
        double used = registry.get(KvMetrics.CHRONICLE_CAPACITY_USED).tags("store", "own-map").gauge().value();
        assertEquals((100 - map.percentageFreeSpace()) / 100.0, used);
        assertTrue(used > 0 && used < 1, "share of space used with 299 of ~1000 entries: " + used);
        assertEquals("bytes", registry.get(KvMetrics.CHRONICLE_OFF_HEAP_USED).gauge().getId().getBaseUnit());
        assertEquals("entries", entries.getId().getBaseUnit());
        assertTrue(registry.find("cache.gets").meters().isEmpty(), "the Caffeine binder does not claim this store");

        store.close();
        assertTrue(Double.isNaN(entries.value()), "a closed map is not read");
        assertNull(registry.find(KvMetrics.CHRONICLE_ENTRIES).gauge(), "removed with the last instrumented handle");
        assertNull(registry.find(KvMetrics.CHRONICLE_OFF_HEAP_USED).gauge());
        assertNull(registry.find(KvMetrics.CHRONICLE_CAPACITY_USED).gauge());
    }
}
