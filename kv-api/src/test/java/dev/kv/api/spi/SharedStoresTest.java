package dev.kv.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedStoresTest {

    @Test
    void handlesOfOneKeyShareOneStoreAndTheLastReleaseClosesIt() {
        SharedStores<StringBuilder> stores = new SharedStores<>();
        AtomicInteger created = new AtomicInteger();
        StringBuilder first = stores.acquire("a", k -> {
            created.incrementAndGet();
            return new StringBuilder(k);
        });
        assertSame(first, stores.acquire("a", k -> new StringBuilder("other")));
        assertEquals(1, created.get());
        assertEquals(2, stores.handles("a"));
        List<StringBuilder> closed = new ArrayList<>();
        assertFalse(stores.release("a", closed::add));
        assertEquals(List.of(), closed);
        assertTrue(stores.release("a", closed::add));
        assertEquals(List.of(first), closed);
        assertEquals(0, stores.handles("a"));
        assertThrows(IllegalStateException.class, () -> stores.release("a", closed::add));
    }

    @Test
    void aCreatorThatFailsCountsNothing() {
        SharedStores<String> stores = new SharedStores<>();
        assertThrows(IllegalArgumentException.class, () -> stores.acquire("a", k -> {
            throw new IllegalArgumentException("bad");
        }));
        assertEquals(0, stores.handles("a"));
        assertEquals(Map.of(), stores.open());
    }

    @Test
    void openIsASortedCopyOfTheStoresHeldNow() {
        SharedStores<String> stores = new SharedStores<>();
        stores.acquire("b", k -> "B");
        stores.acquire("a", k -> "A");
        stores.acquire("a", k -> "unused");
        SortedMap<String, String> open = stores.open();
        assertEquals(List.of("a", "b"), List.copyOf(open.keySet()));
        assertEquals(List.of("A", "B"), List.copyOf(open.values()));
        stores.release("b", s -> { });
        assertEquals(2, open.size(), "the copy does not change under its reader");
        assertEquals(List.of("a"), List.copyOf(stores.open().keySet()));
        open.clear();
        assertEquals(2, stores.handles("a"), "clearing the copy releases nothing");
    }
}
