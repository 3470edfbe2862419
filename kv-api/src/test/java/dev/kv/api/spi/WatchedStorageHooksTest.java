package dev.kv.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvEvent;
import dev.kv.api.KvLimits;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Which storage method {@link AbstractKvStore} calls: the plain ones for unwatched keys, without the hub's key
 * lock; the {@code ...Watched...} ones for watched keys, with the lock held, so a provider can order its own
 * events there.
 */
class WatchedStorageHooksTest {

    /** Records each storage call and whether the caller held the key's watch lock. */
    private static class RecordingStore extends AbstractKvStore {
        final ConcurrentHashMap<String, Payload> map = new ConcurrentHashMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();

        RecordingStore(WatchHub hub) {
            super("recording", "s", new KvLimits(256, 1 << 20), hub);
        }

        private void record(String method, String key) {
            calls.add(method + (Thread.holdsLock(hub().lockFor(key)) ? " locked" : " unlocked"));
        }

        @Override
        protected Payload readValue(String key) {
            record("read", key);
            return map.get(key);
        }

        @Override
        protected void writeValue(String key, Payload value) {
            record("write", key);
            map.put(key, value);
        }

        @Override
        protected boolean removeValue(String key) {
            record("remove", key);
            return map.remove(key) != null;
        }

        @Override
        protected Payload readWatchedValue(String key) {
            record("readWatched", key);
            return map.get(key);
        }

        @Override
        protected void writeWatchedValue(String key, Payload value) {
            record("writeWatched", key);
            map.put(key, value);
        }

        @Override
        protected boolean removeWatchedValue(String key) {
            record("removeWatched", key);
            return map.remove(key) != null;
        }
    }

    @Test
    void unwatchedKeysUseThePlainMethodsWithoutTheLock() {
        try (RecordingStore store = new RecordingStore(new WatchHub("recording:s", 16))) {
            store.set("k", Payload.ofUtf8("v"));
            store.get("k");
            store.delete("k");
            assertEquals(List.of("write unlocked", "read unlocked", "remove unlocked"), store.calls);
        }
    }

    @Test
    void watchedKeysUseTheWatchedMethodsUnderTheLockAndTheirEventsFollow() throws InterruptedException {
        try (RecordingStore store = new RecordingStore(new WatchHub("recording:s", 16))) {
            RecordingSubscriber watcher = new RecordingSubscriber(Long.MAX_VALUE);
            store.events("k").subscribe(watcher);
            store.set("k", Payload.ofUtf8("v"));
            store.get("k");
            store.delete("k");
            store.set("other", Payload.ofUtf8("x"));
            assertEquals(List.of("writeWatched locked", "read unlocked", "removeWatched locked", "write unlocked"),
                    store.calls);
            RecordingSubscriber.await(() -> watcher.events.size() == 2, "two events");
            assertEquals("SET", watcher.events.get(0).kind().name());
            assertEquals("DELETE", watcher.events.get(1).kind().name());
        }
    }

    @Test
    void aStoreThatGivesSequenceNumbersHasItsEventsCarryThem() throws InterruptedException {
        // Revisions as a server would keep them: per key, from a base far from the hub's own count.
        ConcurrentHashMap<String, Long> revisions = new ConcurrentHashMap<>();
        ThreadLocal<Long> last = new ThreadLocal<>();
        RecordingStore store = new RecordingStore(new WatchHub("recording:s", 16)) {
            @Override
            protected void writeWatchedValue(String key, Payload value) {
                super.writeWatchedValue(key, value);
                last.set(revisions.merge(key, 1_000L, (a, b) -> a + 7));
            }

            @Override
            protected boolean removeWatchedValue(String key) {
                last.set(revisions.merge(key, 1_000L, (a, b) -> a + 7));
                return super.removeWatchedValue(key);
            }

            @Override
            protected long watchedSequence(String key) {
                assertTrue(Thread.holdsLock(hub().lockFor(key)), "called holding the key's lock");
                return last.get();
            }
        };
        try (store) {
            RecordingSubscriber watcher = new RecordingSubscriber(Long.MAX_VALUE);
            store.events("k").subscribe(watcher);
            store.set("k", Payload.ofUtf8("v"));
            store.set("k", Payload.ofUtf8("w"));
            store.delete("k");
            RecordingSubscriber.await(() -> watcher.events.size() == 3, "three events");
            assertEquals(List.of(1_000L, 1_007L, 1_014L),
                    watcher.events.stream().map(KvEvent::sequence).toList());
        }
    }

    @Test
    void aNegativeSequenceNumberIsRefusedNamingTheKey() {
        WatchHub hub = new WatchHub("recording:s", 16);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> hub.publish("k", KvEvent.Kind.SET, Payload.ofUtf8("v"), -1));
        assertTrue(e.getMessage().contains("'k'"), e.getMessage());
        hub.close();
    }

    @Test
    void defaultWatchedMethodsCallThePlainOnes() throws InterruptedException {
        // MapProvider's stores override only the three plain methods, as most providers do.
        try (KvStore store = new MapProvider().open("s", KvConfig.empty())) {
            RecordingSubscriber watcher = new RecordingSubscriber(Long.MAX_VALUE);
            store.events("k").subscribe(watcher);
            store.set("k", Payload.ofUtf8("v"));
            assertEquals("v", store.get("k").toUtf8());
            store.delete("k");
            assertTrue(store.find("k").isEmpty());
            RecordingSubscriber.await(() -> watcher.events.size() == 2, "two events");
        }
    }
}
