package dev.kv.provider.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Cache;
import dev.kv.api.KvConfig;
import dev.kv.api.KvEvent;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvictionEventsTest {

    private final MemoryKvProvider provider = FakeTicker.deterministicProvider();

    @SuppressWarnings("unchecked")
    private static Cache<String, Payload> cacheOf(KvStore store) {
        return store.unwrap(Cache.class);
    }

    private static Payload payload(int size, int fill) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, (byte) fill);
        return Payload.copyOf(b);
    }

    @Test
    void watchersOfEvictedKeysReceiveEvictAfterTheirSetAndOthersDoNot() {
        KvConfig config = KvConfig.builder().set("kv.memory.maximumBytes", "1KiB").build();
        try (KvStore store = provider.open("evict-events", config)) {
            int keys = 20;
            List<Recorder> recorders = new ArrayList<>();
            for (int i = 0; i < keys; i++) {
                Recorder r = new Recorder();
                store.events("k" + i).subscribe(r);
                recorders.add(r);
            }
            for (int i = 0; i < keys; i++) {
                store.set("k" + i, payload(98, i)); // 100 bytes each with the key: 2000 in a 1024 store
            }
            Cache<String, Payload> cache = cacheOf(store);
            cache.cleanUp();
            int evicted = 0;
            for (int i = 0; i < keys; i++) {
                String key = "k" + i;
                Optional<Payload> value = store.find(key);
                List<KvEvent> events = recorders.get(i).awaitCount(value.isPresent() ? 1 : 2);
                if (value.isPresent()) {
                    assertEquals(List.of(KvEvent.Kind.SET), kinds(events), key);
                } else {
                    evicted++;
                    assertEquals(List.of(KvEvent.Kind.SET, KvEvent.Kind.EVICT), kinds(events), key);
                }
                assertEquals(value, EventLog.replay(key, events));
            }
            assertTrue(evicted >= 10, evicted + " of 20 entries of 100 bytes evicted from a 1 KiB store");
            assertEquals(evicted, cache.stats().evictionCount());
        }
    }

    @Test
    void shrinkingTheBoundEvictsEverythingAndEveryWatcherHearsOfIt() {
        try (KvStore store = provider.open("shrink", KvConfig.empty());
             KvStore other = provider.open("shrink", KvConfig.empty())) {
            Recorder throughOther = new Recorder();
            other.events("a").subscribe(throughOther);
            Recorder b = new Recorder();
            store.events("b").subscribe(b);
            store.set("a", Payload.ofUtf8("1"));
            store.set("b", Payload.ofUtf8("2"));
            cacheOf(store).policy().eviction().orElseThrow().setMaximum(0);
            cacheOf(store).cleanUp();
            assertEquals(List.of(KvEvent.Kind.SET, KvEvent.Kind.EVICT), kinds(throughOther.awaitCount(2)));
            assertEquals(List.of(KvEvent.Kind.SET, KvEvent.Kind.EVICT), kinds(b.awaitCount(2)));
            assertTrue(store.find("a").isEmpty() && other.find("b").isEmpty());
        }
    }

    @Test
    void aKeyCanBeSetAgainAfterItWasEvictedAndItsEventsStayInOrder() {
        KvConfig config = KvConfig.builder().set("kv.memory.maximumBytes", "1KiB").build();
        try (KvStore store = provider.open("evict-then-set", config)) {
            Recorder r = new Recorder();
            store.events("k").subscribe(r);
            Payload first = Payload.ofUtf8("first");
            store.set("k", first);
            Payload second = Payload.ofUtf8("second");
            // Holding the key's lock keeps the background publisher of removals waiting, so the EVICT can only
            // come out in the right place if the next write publishes it before its own SET.
            synchronized (((MemoryStore) store).shared().hub().lockFor("k")) {
                cacheOf(store).policy().eviction().orElseThrow().setMaximum(0);
                cacheOf(store).cleanUp();
                assertTrue(!cacheOf(store).asMap().containsKey("k"), "evicted");
                cacheOf(store).policy().eviction().orElseThrow().setMaximum(1024);
                store.set("k", second);
            }
            List<KvEvent> events = r.awaitCount(3);
            assertEquals(List.of(KvEvent.Kind.SET, KvEvent.Kind.EVICT, KvEvent.Kind.SET), kinds(events));
            assertEquals(second, events.get(2).payload());
            assertEquals(second, store.get("k"));
        }
    }

    static List<KvEvent.Kind> kinds(List<KvEvent> events) {
        return events.stream().map(KvEvent::kind).toList();
    }
}
