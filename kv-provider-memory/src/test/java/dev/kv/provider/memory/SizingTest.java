package dev.kv.provider.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Cache;
import dev.kv.api.KvConfig;
import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvLimits;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SizingTest {

    private final MemoryKvProvider provider = FakeTicker.deterministicProvider();

    private static Payload bytes(int size, int fill) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) fill);
        return Payload.copyOf(b);
    }

    @SuppressWarnings("unchecked")
    private static Cache<String, Payload> cacheOf(KvStore store) {
        return store.unwrap(Cache.class);
    }

    private static long weightedSize(Cache<String, Payload> cache) {
        cache.cleanUp();
        return cache.policy().eviction().orElseThrow().weightedSize().orElseThrow();
    }

    @Test
    void anEntryWeighsItsKeysUtf8BytesPlusItsPayloadBytes() {
        assertEquals(1, SharedCache.weight("a", Payload.empty()));
        // é is 2 UTF-8 bytes, € 3, the surrogate pair 😀 4.
        assertEquals(2 + 3 + 4 + 10, SharedCache.weight("é€😀", bytes(10, 1)));
        try (KvStore store = provider.open("weights", KvConfig.empty())) {
            store.set("é€😀", bytes(10, 1));
            store.set("k", bytes(5, 2));
            assertEquals(2 + 3 + 4 + 10 + 1 + 5, weightedSize(cacheOf(store)));
            store.set("k", Payload.empty());
            assertEquals(2 + 3 + 4 + 10 + 1, weightedSize(cacheOf(store)));
        }
    }

    @Test
    void theStoreEvictsDownToItsByteBoundAndEvictedKeysAreNotFound() {
        KvConfig config = KvConfig.builder().set("kv.memory.maximumBytes", "64KiB").build();
        try (KvStore store = provider.open("bounded", config)) {
            int entries = 200;
            for (int i = 0; i < entries; i++) {
                store.set(String.format("k%03d", i), bytes(1020, i)); // 4 + 1020 = 1 KiB each
            }
            Cache<String, Payload> cache = cacheOf(store);
            assertTrue(weightedSize(cache) <= 64 * 1024, "weighted size " + weightedSize(cache) + " over the bound");
            int present = 0;
            for (int i = 0; i < entries; i++) {
                String key = String.format("k%03d", i);
                if (store.find(key).isPresent()) {
                    present++;
                    assertEquals(bytes(1020, i), store.get(key), key);
                } else {
                    KvException e = assertThrows(KvException.class, () -> store.get(key));
                    assertEquals(KvException.Reason.NOT_FOUND, e.reason());
                }
            }
            assertTrue(present > 0 && present <= 64, present + " entries of 1 KiB present in a 64 KiB store");
            assertEquals(entries - present, cache.stats().evictionCount(), "evictions counted");
        }
    }

    @Test
    void aPayloadOverTheConfiguredMaximumIsRefusedAndThePreviousValueStays() {
        KvConfig config = KvConfig.builder().set("kv.memory.maximumPayloadBytes", "1MiB").build();
        try (KvStore store = provider.open("payload-max", config)) {
            assertEquals(new KvLimits(MemorySettings.MAXIMUM_KEY_BYTES, 1 << 20), store.limits());
            Payload before = Payload.ofUtf8("before");
            store.set("k", before);
            Recorder recorder = new Recorder();
            store.events("k").subscribe(recorder);

            KvException e = assertThrows(KvException.class, () -> store.set("k", bytes((1 << 20) + 1, 7)));
            assertEquals(KvException.Reason.PAYLOAD_TOO_LARGE, e.reason());
            assertTrue(e.getMessage().contains("'k'") && e.getMessage().contains("'payload-max'"), e.getMessage());
            assertSame(before, store.get("k"));

            Payload max = bytes(1 << 20, 8);
            store.set("k", max);
            List<KvEvent> events = recorder.awaitCount(1);
            store.set("k", Payload.ofUtf8("marker"));
            events = recorder.awaitCount(2);
            assertEquals(List.of(KvEvent.Kind.SET, KvEvent.Kind.SET), events.stream().map(KvEvent::kind).toList(),
                    "the refused write published nothing");
            assertSame(max, events.get(0).payload());
        }
    }

    @Test
    void declaredLimitsFollowTheConfigurationAndMeetTheSpecMinimums() {
        try (KvStore defaults = provider.open("limits-default", KvConfig.empty());
             KvStore larger = provider.open("limits-2m", KvConfig.of(java.util.Map.of(
                     "kv.memory.maximumPayloadBytes", "2MiB")))) {
            assertEquals(new KvLimits(4096, 16 << 20), defaults.limits());
            assertEquals(2 << 20, larger.limits().maxPayloadBytes());
            assertTrue(defaults.limits().maxKeyBytes() >= KvLimits.MIN_KEY_BYTES);

            larger.set("x".repeat(4096), Payload.empty());
            KvException e = assertThrows(KvException.class, () -> larger.set("y".repeat(4097), Payload.empty()));
            assertEquals(KvException.Reason.INVALID_ARGUMENT, e.reason());
            larger.set("big", bytes(2 << 20, 3));
            assertEquals(2 << 20, larger.get("big").size());
        }
    }

    @Test
    void anEntryLargerThanTheWholeStoreIsRefusedWithCapacityExceededAndChangesNothing() {
        KvConfig config = KvConfig.builder().set("kv.memory.maximumBytes", "1KiB").build();
        try (KvStore store = provider.open("tiny", config)) {
            Payload small = Payload.ofUtf8("small");
            store.set("k", small);
            Recorder recorder = new Recorder();
            store.events("k").subscribe(recorder);

            KvException e = assertThrows(KvException.class, () -> store.set("k", bytes(1024, 1)));
            assertEquals(KvException.Reason.CAPACITY_EXCEEDED, e.reason());
            assertTrue(e.getMessage().contains("'k'") && e.getMessage().contains("'tiny'")
                    && e.getMessage().contains("kv.memory.maximumBytes"), e.getMessage());
            assertSame(small, store.get("k"));

            // An entry of exactly the bound fits.
            Payload exact = bytes(1023, 2);
            store.set("k", exact);
            assertEquals(List.of(KvEvent.Kind.SET), recorder.awaitCount(1).stream().map(KvEvent::kind).toList());
            assertSame(exact, store.get("k"));
        }
    }

    @Test
    void theCapacityCheckCountsTheKeysExactUtf8LengthNearTheBound() {
        KvConfig config = KvConfig.builder().set("kv.memory.maximumBytes", "1KiB").build();
        try (KvStore store = provider.open("bound", config)) {
            // 2 ASCII chars are 2 bytes, not the 6 that 3 bytes per char would allow for: 2 + 1022 fits exactly.
            Payload fitsAscii = bytes(1022, 3);
            store.set("ab", fitsAscii);
            assertSame(fitsAscii, store.get("ab"));
            store.delete("ab"); // room for the next entry, which would otherwise evict it (or be refused admission)

            // Two 2-byte characters are 4 bytes: 4 + 1020 fits, 4 + 1021 does not and changes nothing.
            Payload fitsExactly = bytes(1020, 4);
            store.set("\u00e9\u00e9", fitsExactly);
            KvException e = assertThrows(KvException.class, () -> store.set("\u00e9\u00e9", bytes(1021, 5)));
            assertEquals(KvException.Reason.CAPACITY_EXCEEDED, e.reason());
            assertTrue(e.getMessage().contains("1025 bytes"), e.getMessage());
            assertSame(fitsExactly, store.get("\u00e9\u00e9"));
        }
    }
}
