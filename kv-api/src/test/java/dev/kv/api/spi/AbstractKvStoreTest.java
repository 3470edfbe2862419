package dev.kv.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class AbstractKvStoreTest {

    private final MapProvider provider = new MapProvider();
    private final KvStore store = provider.open("s", KvConfig.empty());

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void setGetFindDeleteRoundTrip() {
        store.set("k", Payload.ofUtf8("v"));
        assertEquals("v", store.get("k").toUtf8());
        assertEquals("v", store.find("k").orElseThrow().toUtf8());
        store.delete("k");
        assertTrue(store.find("k").isEmpty());
        store.delete("k"); // deleting a missing key succeeds
    }

    @Test
    void getOfMissingKeyIsNotFoundNamingKeyAndStore() {
        KvException e = assertThrows(KvException.class, () -> store.get("nope"));
        assertEquals(KvException.Reason.NOT_FOUND, e.reason());
        assertEquals("no such key 'nope' in store 's'", e.getMessage());
    }

    @Test
    void illegalKeysAreRefusedNamingTheProblem() {
        assertInvalid(() -> store.get(null), "key must not be null (store 's')");
        assertInvalid(() -> store.set("", Payload.empty()), "key must not be empty (store 's')");
        assertInvalid(() -> store.delete("a\uDC00"), "key 'a\\udc00' contains an unpaired surrogate at index 1 (store 's')");
        store.set("\uD83D\uDE00".repeat(64), Payload.empty()); // 256 UTF-8 bytes: the limit exactly
        KvException tooLong = assertThrows(KvException.class, () -> store.set("x" + "\uD83D\uDE00".repeat(64), Payload.empty()));
        assertTrue(tooLong.getMessage().contains("is 257 UTF-8 bytes long; store 's' accepts at most 256"),
                tooLong.getMessage());
    }

    @Test
    void tooLargePayloadIsRefusedAndPreviousValueStays() {
        store.set("k", Payload.ofUtf8("old"));
        KvException e = assertThrows(KvException.class, () -> store.set("k", Payload.copyOf(new byte[(1 << 20) + 1])));
        assertEquals(KvException.Reason.PAYLOAD_TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("1048577 bytes for key 'k'"), e.getMessage());
        assertEquals("old", store.get("k").toUtf8());
        store.set("k", Payload.copyOf(new byte[1 << 20]));
    }

    @Test
    void nullPayloadIsRefused() {
        assertInvalid(() -> store.set("k", (Payload) null), "payload for key 'k' in store 's' must not be null");
        assertInvalid(() -> store.set("k", (byte[]) null), "payload for key 'k' in store 's' must not be null");
    }

    @Test
    void storageFailuresBecomeKvExceptionsAndKeepThePreviousValue() {
        store.set("k", Payload.ofUtf8("old"));
        provider.failNextWrite = new IllegalStateException("disk on fire");
        KvException e = assertThrows(KvException.class, () -> store.set("k", Payload.ofUtf8("new")));
        assertEquals(KvException.Reason.STORAGE, e.reason());
        assertEquals("set of key 'k' in store 's' (map:s) failed: java.lang.IllegalStateException: disk on fire",
                e.getMessage());
        assertEquals("old", store.get("k").toUtf8());
    }

    @Test
    void closeIsIdempotentAndLaterOperationsFailWithClosed() {
        store.close();
        store.close();
        assertFalse(store.isOpen());
        for (Executable op : new Executable[] {() -> store.get("k"), () -> store.find("k"),
                () -> store.set("k", Payload.empty()), () -> store.delete("k"), () -> store.watch("k")}) {
            KvException e = assertThrows(KvException.class, op);
            assertEquals(KvException.Reason.CLOSED, e.reason());
            assertEquals("store 's' (map:s) is closed", e.getMessage());
        }
    }

    @Test
    void handlesOfOneNameShareDataAndClosingOneLeavesTheOther() {
        try (KvStore second = provider.open("s", KvConfig.empty())) {
            store.set("k", Payload.ofUtf8("v"));
            assertEquals("v", second.get("k").toUtf8());
            store.close();
            assertEquals("v", second.get("k").toUtf8());
        }
        try (KvStore reopened = provider.open("s", KvConfig.empty())) {
            assertTrue(reopened.find("k").isEmpty(), "the last close discarded the data of a non-persistent store");
        }
    }

    @Test
    void namesAreIsolatedAndCaseSensitive() {
        try (KvStore upper = provider.open("S", KvConfig.empty())) {
            store.set("k", Payload.ofUtf8("lower"));
            assertTrue(upper.find("k").isEmpty());
        }
    }

    @Test
    void unwrapToAnUnknownTypeIsUnsupported() {
        KvException e = assertThrows(KvException.class, () -> store.unwrap(Flow.class));
        assertEquals(KvException.Reason.UNSUPPORTED, e.reason());
        assertEquals(store, store.unwrap(KvStore.class));
        assertInvalid(() -> store.unwrap(null), "the type to unwrap store 's' to must not be null");
    }

    private static void assertInvalid(Executable op, String message) {
        KvException e = assertThrows(KvException.class, op);
        assertEquals(KvException.Reason.INVALID_ARGUMENT, e.reason());
        assertEquals(message, e.getMessage());
    }
}
