package dev.kv.provider.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import org.junit.jupiter.api.Test;

class StatsTest {

    private final MemoryKvProvider provider = FakeTicker.deterministicProvider();

    @Test
    void theCaffeineCacheCountsHitsMissesAndEvictions() {
        KvConfig config = KvConfig.builder().set("kv.memory.maximumBytes", "100B").build();
        try (KvStore store = provider.open("stats", config); KvStore second = provider.open("stats", config)) {
            Cache<?, ?> cache = store.unwrap(Cache.class);
            assertSame(cache, second.unwrap(Cache.class), "every handle of a store unwraps to its one cache");

            store.set("k", Payload.ofUtf8("v"));
            store.get("k");
            second.find("k");
            store.find("missing");
            assertThrows(KvException.class, () -> store.get("missing"));
            CacheStats stats = cache.stats();
            assertEquals(2, stats.hitCount());
            assertEquals(2, stats.missCount());

            for (int i = 0; i < 10; i++) {
                store.set("big" + i, Payload.copyOf(new byte[40]));
            }
            cache.cleanUp();
            long present = 0;
            for (int i = 0; i < 10; i++) {
                present += store.find("big" + i).isPresent() ? 1 : 0;
            }
            present += store.find("k").isPresent() ? 1 : 0;
            assertEquals(11 - present, cache.stats().evictionCount());
            assertTrue(cache.stats().evictionCount() >= 8, "evictions " + cache.stats().evictionCount());
        }
    }

    @Test
    void statisticsCanBeTurnedOff() {
        KvConfig config = KvConfig.builder().set("kv.memory.recordStats", "false").build();
        try (KvStore store = provider.open("no-stats", config)) {
            store.set("k", Payload.ofUtf8("v"));
            store.get("k");
            store.find("missing");
            assertEquals(CacheStats.empty(), store.unwrap(Cache.class).stats());
        }
    }

    @Test
    void unwrapGivesTheStoreOrItsCacheAndRefusesAnythingElse() {
        KvStore store = provider.open("unwrap", KvConfig.empty());
        assertSame(store, store.unwrap(KvStore.class));
        KvException e = assertThrows(KvException.class, () -> store.unwrap(String.class));
        assertEquals(KvException.Reason.UNSUPPORTED, e.reason());
        assertTrue(e.getMessage().contains("'unwrap'") && e.getMessage().contains("java.lang.String"), e.getMessage());
        assertEquals(KvException.Reason.INVALID_ARGUMENT,
                assertThrows(KvException.class, () -> store.unwrap(null)).reason());
        store.close();
        assertEquals(KvException.Reason.CLOSED,
                assertThrows(KvException.class, () -> store.unwrap(Cache.class)).reason());
    }
}
