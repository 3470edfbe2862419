package dev.kv.provider.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvEvent;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.Capability;
import java.util.List;
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
}
