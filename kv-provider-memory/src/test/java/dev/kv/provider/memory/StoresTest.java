package dev.kv.provider.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.StoreInfo;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoresTest {

    @Test
    void theProviderIsMemoryAndDeclaresEvictionAndExpiryOnly() {
        MemoryKvProvider provider = new MemoryKvProvider();
        assertEquals("memory", provider.id());
        assertEquals(Set.of(Capability.EVICTION, Capability.EXPIRY), provider.capabilities());
    }

    @Test
    void handlesOfOneNameShareOneStoreAcrossProviderInstances() {
        // ServiceLoader may instantiate the provider more than once; a name still means one store in the JVM.
        try (KvStore a = new MemoryKvProvider().open("StoresTest-shared", KvConfig.empty());
             KvStore b = new MemoryKvProvider().open("StoresTest-shared", KvConfig.empty())) {
            assertEquals("memory:StoresTest-shared", a.rd());
            assertEquals(a.rd(), b.rd());
            Recorder throughB = new Recorder();
            b.events("k").subscribe(throughB);
            Payload v = Payload.ofUtf8("v");
            a.set("k", v);
            assertSame(v, b.get("k"));
            assertEquals(v, throughB.awaitCount(1).get(0).payload());
            b.delete("k");
            assertTrue(a.find("k").isEmpty());
        }
    }

    @Test
    void differentNamesAreIsolated() {
        MemoryKvProvider provider = new MemoryKvProvider();
        try (KvStore lower = provider.open("StoresTest-a", KvConfig.empty());
             KvStore upper = provider.open("StoresTest-A", KvConfig.empty());
             KvStore slash = provider.open("StoresTest-a/b", KvConfig.empty());
             KvStore underscore = provider.open("StoresTest-a_b", KvConfig.empty())) {
            lower.set("k", Payload.ofUtf8("lower"));
            slash.set("k", Payload.ofUtf8("slash"));
            assertTrue(upper.find("k").isEmpty());
            assertTrue(underscore.find("k").isEmpty());
            assertEquals(Payload.ofUtf8("lower"), lower.get("k"));
            assertEquals(Payload.ofUtf8("slash"), slash.get("k"));
            assertNotEquals(lower.rd(), upper.rd());
            assertNotEquals(slash.rd(), underscore.rd());
        }
    }

    @Test
    void dataIsDiscardedWhenTheLastHandleClosesAndNotBefore() {
        MemoryKvProvider provider = new MemoryKvProvider();
        KvStore first = provider.open("StoresTest-last-close", KvConfig.empty());
        KvStore second = provider.open("StoresTest-last-close", KvConfig.empty());
        Recorder watcher = new Recorder();
        second.events("k").subscribe(watcher);
        first.set("k", Payload.ofUtf8("v"));
        first.close();
        assertEquals(Payload.ofUtf8("v"), second.get("k"), "closing one handle leaves the store to the others");
        watcher.awaitCount(1);
        second.close();
        watcher.awaitEvents("completion after the last close", events -> watcher.isComplete());
        assertEquals(List.of(KvEvent.Kind.SET), EvictionEventsTest.kinds(watcher.events()));
        try (KvStore again = provider.open("StoresTest-last-close", KvConfig.empty())) {
            assertTrue(again.find("k").isEmpty(), "a store reopened after its last close starts empty");
        }
    }

    @Test
    void readsReturnTheStoredPayloadItselfAndWritesKeepTheCallersArrayOut() {
        try (KvStore store = FakeTicker.deterministicProvider().open("no-copies", KvConfig.empty())) {
            Payload p = Payload.ofUtf8("immutable");
            store.set("k", p);
            assertSame(p, store.get("k"), "get copies nothing");
            assertSame(p, store.find("k").orElseThrow(), "find copies nothing");

            byte[] array = {1, 2, 3};
            store.set("a", array);
            array[0] = 9;
            assertEquals(Payload.copyOf(new byte[] {1, 2, 3}), store.get("a"));
            assertSame(store.get("a"), store.get("a"), "the copy made on write is the one stored");
        }
    }

    @Test
    void theStoresOfThisJvmAreListedWhileOpenWithTheBytesTheyHold() {
        MemoryKvProvider provider = FakeTicker.deterministicProvider();
        assertEquals(List.of(), provider.stores(KvConfig.empty()));
        assertEquals(Optional.empty(), provider.store("b", KvConfig.empty()));
        try (KvStore b = provider.open("b", KvConfig.empty()); KvStore a = provider.open("a", KvConfig.empty())) {
            b.set("key", Payload.ofUtf8("12345"));
            List<StoreInfo> listed = provider.stores(KvConfig.empty());
            assertEquals(List.of("a", "b"), listed.stream().map(s -> s.name().orElseThrow()).toList(), "by name");
            assertEquals(0, listed.get(0).bytes().orElseThrow());
            assertEquals(3 + 5, listed.get(1).bytes().orElseThrow(), "key in UTF-8 plus payload, as maximumBytes counts");
            assertTrue(listed.get(1).location().contains("JVM"), listed.get(1).location());
            assertEquals(Optional.of(listed.get(1)), provider.store("b", KvConfig.empty()));
            assertEquals(Optional.empty(), provider.store("c", KvConfig.empty()), "looking creates nothing");
            assertEquals(2, provider.stores(KvConfig.empty()).size());
        }
        assertEquals(List.of(), provider.stores(KvConfig.empty()), "a store goes with its last handle");
    }

    @Test
    void dropRefusesAnOpenStoreSayingWhyAndFindsNoOther() {
        MemoryKvProvider provider = FakeTicker.deterministicProvider();
        try (KvStore s = provider.open("held", KvConfig.empty()); KvStore t = provider.open("held", KvConfig.empty())) {
            s.set("k", Payload.ofUtf8("v"));
            KvException open = assertThrows(KvException.class, () -> provider.drop("held", KvConfig.empty()));
            assertEquals(KvException.Reason.STORAGE, open.reason());
            assertTrue(open.getMessage().contains("'held'") && open.getMessage().contains("2 handles"), open.getMessage());
            assertEquals(Payload.ofUtf8("v"), t.get("k"), "a refused drop changes nothing");
        }
        KvException none = assertThrows(KvException.class, () -> provider.drop("held", KvConfig.empty()));
        assertEquals(KvException.Reason.NOT_FOUND, none.reason());
        assertTrue(none.getMessage().contains("'held'"), none.getMessage());
        KvException illegal = assertThrows(KvException.class, () -> provider.drop("", KvConfig.empty()));
        assertEquals(KvException.Reason.INVALID_ARGUMENT, illegal.reason());
    }

    @Test
    void listingLookingAndDroppingRejectAMisspeltPropertyLikeOpen() {
        MemoryKvProvider provider = FakeTicker.deterministicProvider();
        KvConfig misspelt = KvConfig.of(java.util.Map.of("kv.memory.maximumByte", "1MiB"));
        for (org.junit.jupiter.api.function.Executable call : List.<org.junit.jupiter.api.function.Executable>of(
                () -> provider.stores(misspelt), () -> provider.store("s", misspelt), () -> provider.drop("s", misspelt))) {
            KvException e = assertThrows(KvException.class, call);
            assertEquals(KvException.Reason.CONFIGURATION, e.reason());
            assertTrue(e.getMessage().contains("kv.memory.maximumByte"), e.getMessage());
        }
    }
}
