package dev.kv.provider.memory;

import static dev.kv.provider.memory.EvictionEventsTest.kinds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Cache;
import dev.kv.api.KvConfig;
import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpiryTest {

    private final FakeTicker ticker = new FakeTicker();
    private final MemoryKvProvider provider = ticker.provider();

    @SuppressWarnings("unchecked")
    private static Cache<String, Payload> cacheOf(KvStore store) {
        return store.unwrap(Cache.class);
    }

    private static KvConfig config(String property, String value) {
        return KvConfig.builder().set(property, value).build();
    }

    @Test
    void aValueIsNoLongerReturnedOnceItsTimeAfterWriteHasPassedAndWatchersHearExpire() {
        try (KvStore store = provider.open("ttl", config("kv.memory.expireAfterWrite", "10s"))) {
            Recorder r = new Recorder();
            store.events("k").subscribe(r);
            store.set("k", Payload.ofUtf8("v"));
            ticker.advance(Duration.ofSeconds(9));
            assertEquals(Payload.ofUtf8("v"), store.get("k"));
            ticker.advance(Duration.ofSeconds(2));
            assertTrue(store.find("k").isEmpty());
            assertEquals(KvException.Reason.NOT_FOUND, assertThrows(KvException.class, () -> store.get("k")).reason());
            cacheOf(store).cleanUp();
            List<KvEvent> events = r.awaitCount(2);
            assertEquals(List.of(KvEvent.Kind.SET, KvEvent.Kind.EXPIRE), kinds(events));
            assertEquals(java.util.Optional.empty(), EventLog.replay("k", events));
        }
    }

    @Test
    void readsKeepAValueAliveUnderExpireAfterAccess() {
        try (KvStore store = provider.open("tti", config("kv.memory.expireAfterAccess", "10s"))) {
            store.set("k", Payload.ofUtf8("v"));
            for (int i = 0; i < 5; i++) {
                ticker.advance(Duration.ofSeconds(6));
                assertEquals(Payload.ofUtf8("v"), store.get("k"), "read " + i + ", " + (6 * (i + 1)) + "s after the write");
            }
            ticker.advance(Duration.ofSeconds(11));
            assertTrue(store.find("k").isEmpty());
        }
    }

    @Test
    void anExpireComesBeforeTheSetThatReplacesTheExpiredValue() {
        try (KvStore store = provider.open("ttl-reset", config("kv.memory.expireAfterWrite", "10s"))) {
            Recorder r = new Recorder();
            store.events("k").subscribe(r);
            store.set("k", Payload.ofUtf8("old"));
            ticker.advance(Duration.ofSeconds(11));
            Payload fresh = Payload.ofUtf8("new");
            // Nothing has removed the expired entry yet: the write finds it, and Caffeine reports the expiry
            // inside the write; the key's lock, held here, keeps the background publisher out.
            synchronized (((MemoryStore) store).shared().hub().lockFor("k")) {
                store.set("k", fresh);
            }
            List<KvEvent> events = r.awaitCount(3);
            assertEquals(List.of(KvEvent.Kind.SET, KvEvent.Kind.EXPIRE, KvEvent.Kind.SET), kinds(events));
            assertEquals(fresh, events.get(2).payload());
            assertEquals(fresh, store.get("k"));
        }
    }

    @Test
    void deletingAnExpiredValueIsAnExpiryNotADelete() {
        try (KvStore store = provider.open("ttl-delete", config("kv.memory.expireAfterWrite", "1m"))) {
            Recorder r = new Recorder();
            store.events("k").subscribe(r);
            store.set("k", Payload.ofUtf8("old"));
            ticker.advance(Duration.ofMinutes(2));
            store.delete("k");
            store.set("k", Payload.ofUtf8("again"));
            assertEquals(List.of(KvEvent.Kind.SET, KvEvent.Kind.EXPIRE, KvEvent.Kind.SET), kinds(r.awaitCount(3)));
        }
    }

    @Test
    void withoutExpiryConfiguredValuesStayHowEverLongItIs() {
        try (KvStore store = provider.open("no-ttl", KvConfig.empty())) {
            store.set("k", Payload.ofUtf8("v"));
            ticker.advance(Duration.ofDays(3650));
            cacheOf(store).cleanUp();
            assertEquals(Payload.ofUtf8("v"), store.get("k"));
        }
    }

    @Test
    void expiryHappensOnItsOwnWithRealTimeAndNoFurtherUse() {
        // The production provider: the system clock, Caffeine's scheduler wakes the cache when the value is due.
        try (KvStore store = new MemoryKvProvider().open("ExpiryTest-real-time",
                config("kv.memory.expireAfterWrite", "200ms"))) {
            Recorder r = new Recorder();
            store.events("k").subscribe(r);
            store.set("k", Payload.ofUtf8("v"));
            assertEquals(List.of(KvEvent.Kind.SET, KvEvent.Kind.EXPIRE), kinds(r.awaitCount(2)));
            assertTrue(store.find("k").isEmpty());
        }
    }
}
