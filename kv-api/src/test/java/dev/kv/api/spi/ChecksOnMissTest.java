package dev.kv.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvException;
import dev.kv.api.KvLimits;
import dev.kv.api.Payload;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A store that declares {@link AbstractKvStore#readsOfIllegalKeysMiss()}: reads check the key only on a miss,
 * and every illegal key still fails with {@code INVALID_ARGUMENT}, exactly as without the declaration.
 */
class ChecksOnMissTest {

    private static final class OptedInStore extends AbstractKvStore {
        final ConcurrentHashMap<String, Payload> map = new ConcurrentHashMap<>();
        final List<String> reads = new CopyOnWriteArrayList<>();

        OptedInStore() {
            super("opted-in", "s", new KvLimits(256, 1 << 20), new WatchHub("opted-in:s", 16));
        }

        @Override
        protected boolean readsOfIllegalKeysMiss() {
            return true;
        }

        @Override
        protected Payload readValue(String key) {
            reads.add(key);
            return map.get(key);
        }

        @Override
        protected void writeValue(String key, Payload value) {
            map.put(key, value);
        }

        @Override
        protected boolean removeValue(String key) {
            return map.remove(key) != null;
        }
    }

    @Test
    void hitsAndMissesOfLegalKeysBehaveAsUsual() {
        try (OptedInStore store = new OptedInStore()) {
            store.set("k", Payload.ofUtf8("v"));
            assertEquals("v", store.get("k").toUtf8());
            assertEquals("v", store.find("k").orElseThrow().toUtf8());
            assertTrue(store.find("other").isEmpty());
            KvException e = assertThrows(KvException.class, () -> store.get("other"));
            assertEquals(KvException.Reason.NOT_FOUND, e.reason());
        }
    }

    @Test
    void illegalKeysStillFailWithInvalidArgumentOnEveryRead() {
        try (OptedInStore store = new OptedInStore()) {
            String tooLong = "x".repeat(257);
            String unpaired = "a\uD800b";
            for (String key : new String[] {"", tooLong, unpaired}) {
                assertInvalid(() -> store.get(key));
                assertInvalid(() -> store.find(key));
            }
            // The reads were attempted first: a miss is what sends a read to the key check.
            assertEquals(List.of("", "", tooLong, tooLong, unpaired, unpaired), store.reads);
        }
    }

    @Test
    void aNullKeyIsRefusedBeforeAnyRead() {
        try (OptedInStore store = new OptedInStore()) {
            assertInvalid(() -> store.get(null));
            assertInvalid(() -> store.find(null));
            assertTrue(store.reads.isEmpty(), store.reads.toString());
        }
    }

    @Test
    void aClosedHandleFailsWithClosedEvenForIllegalKeys() {
        OptedInStore store = new OptedInStore();
        store.close();
        KvException e = assertThrows(KvException.class, () -> store.get(""));
        assertEquals(KvException.Reason.CLOSED, e.reason());
        assertTrue(store.reads.isEmpty(), store.reads.toString());
    }

    private static void assertInvalid(Executable read) {
        KvException e = assertThrows(KvException.class, read);
        assertEquals(KvException.Reason.INVALID_ARGUMENT, e.reason(), e.getMessage());
    }
}
