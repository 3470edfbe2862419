package dev.kv.api.spi;

import static dev.kv.api.spi.RecordingSubscriber.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Observable;
import dev.kv.api.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatchTest {

    private final MapProvider provider = new MapProvider();
    private final KvStore store = provider.open("w", KvConfig.empty().with("kv.watch.bufferSize", "64"));

    @AfterEach
    void close() {
        store.close();
    }

    private RecordingSubscriber subscribe(KvStore through, String key, long request) throws InterruptedException {
        RecordingSubscriber s = new RecordingSubscriber(request);
        through.events(through.watch(key)).subscribe(s);
        assertTrue(s.subscribed.await(5, TimeUnit.SECONDS));
        return s;
    }

    @Test
    void watchReturnsTheSeedsObservable() {
        assertEquals(new Observable("map:w", "k"), store.watch("k"));
        assertEquals(store.rd(), store.watch("k").rd());
    }

    @Test
    void eventsFollowWriteOrderWithIncreasingSequencesAndOnlyForTheKey() throws Exception {
        RecordingSubscriber s = subscribe(store, "k", Long.MAX_VALUE);
        store.set("k", Payload.ofUtf8("1"));
        store.set("other", Payload.ofUtf8("x"));
        store.set("k", Payload.ofUtf8("2"));
        store.delete("k");
        store.delete("k"); // nothing removed: no event
        store.set("k", Payload.empty());
        await(() -> s.events.size() >= 4, "4 events");
        List<KvEvent> events = s.events;
        assertEquals(List.of(KvEvent.Kind.SET, KvEvent.Kind.SET, KvEvent.Kind.DELETE, KvEvent.Kind.SET),
                events.stream().map(KvEvent::kind).toList());
        assertEquals("1", events.get(0).payload().toUtf8());
        assertEquals(Payload.empty(), events.get(3).payload());
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).sequence() > events.get(i - 1).sequence());
        }
        assertTrue(events.stream().allMatch(e -> e.key().equals("k")));
    }

    @Test
    void writesThroughAnotherHandleOfTheStoreAreSeen() throws Exception {
        try (KvStore other = provider.open("w", KvConfig.empty())) {
            RecordingSubscriber s = subscribe(store, "k", Long.MAX_VALUE);
            other.set("k", Payload.ofUtf8("from other"));
            await(() -> s.events.size() == 1, "the event");
            assertEquals("from other", s.events.get(0).payload().toUtf8());
        }
    }

    @Test
    void demandIsHonoured() throws Exception {
        RecordingSubscriber s = subscribe(store, "k", 2);
        for (int i = 0; i < 5; i++) {
            store.set("k", Payload.ofUtf8("v" + i));
        }
        await(() -> s.events.size() == 2, "2 events");
        Thread.sleep(50);
        assertEquals(2, s.events.size(), "no more than requested");
        s.subscription.request(3);
        await(() -> s.events.size() == 5, "the other 3");
        assertEquals("v4", s.events.get(4).payload().toUtf8());
    }

    @Test
    void cancelStopsDelivery() throws Exception {
        RecordingSubscriber s = subscribe(store, "k", Long.MAX_VALUE);
        store.set("k", Payload.ofUtf8("before"));
        await(() -> s.events.size() == 1, "first event");
        s.subscription.cancel();
        store.set("k", Payload.ofUtf8("after"));
        Thread.sleep(50);
        assertEquals(1, s.events.size());
        assertNull(s.error);
    }

    @Test
    void aSubscriberThatFallsBehindGetsAnOverflowErrorAndWritersDoNotWait() throws Exception {
        RecordingSubscriber slow = subscribe(store, "k", 0);
        RecordingSubscriber fast = subscribe(store, "k", Long.MAX_VALUE);
        for (int round = 0; round < 4; round++) {
            for (int i = round * 50; i < (round + 1) * 50; i++) {
                store.set("k", Payload.ofUtf8("v" + i)); // would hang here if writers waited for the slow subscriber
            }
            int expected = (round + 1) * 50;
            await(() -> fast.events.size() == expected, "the fast subscriber to keep up"); // within its own buffer
        }
        assertTrue(slow.awaitTermination());
        KvException e = assertInstanceOf(KvException.class, slow.error);
        assertEquals(KvException.Reason.WATCH_OVERFLOW, e.reason());
        assertEquals(65, e.droppedEvents(), "the 64 buffered events and the one that did not fit");
        assertTrue(e.getMessage().startsWith("watcher of key 'k' in store map:w fell more than 64 events behind"),
                e.getMessage());
        await(() -> fast.events.size() == 200, "all events for the fast subscriber");
        assertEquals("v199", fast.events.get(199).payload().toUtf8());
    }

    @Test
    void nonPositiveRequestIsAnError() throws Exception {
        RecordingSubscriber s = subscribe(store, "k", 0);
        s.subscription.request(0);
        assertTrue(s.awaitTermination());
        assertInstanceOf(IllegalArgumentException.class, s.error);
    }

    @Test
    void closingTheHandleCompletesItsSubscriptionsAfterBufferedEvents() throws Exception {
        KvStore other = provider.open("w", KvConfig.empty());
        RecordingSubscriber s = subscribe(other, "k", Long.MAX_VALUE);
        other.set("k", Payload.ofUtf8("last"));
        other.close();
        assertTrue(s.awaitTermination());
        assertTrue(s.completed);
        assertEquals(1, s.events.size());
    }

    @Test
    void subscribingAfterTheHandleClosedSignalsClosedThroughTheSubscriber() throws Exception {
        KvStore other = provider.open("w", KvConfig.empty());
        Flow.Publisher<KvEvent> publisher = other.events("k");
        other.close();
        RecordingSubscriber s = new RecordingSubscriber(Long.MAX_VALUE);
        publisher.subscribe(s);
        assertTrue(s.awaitTermination());
        KvException e = assertInstanceOf(KvException.class, s.error);
        assertEquals(KvException.Reason.CLOSED, e.reason());
        assertEquals("store 'w' (map:w) is closed", e.getMessage());
    }

    @Test
    void anObservableOfAnotherStoreIsRefused() {
        try (KvStore other = provider.open("other", KvConfig.empty())) {
            Observable foreign = other.watch("k");
            KvException e = assertThrows(KvException.class, () -> store.events(foreign));
            assertEquals(KvException.Reason.INVALID_ARGUMENT, e.reason());
            assertEquals("observable of store map:other cannot be used with store map:w", e.getMessage());
        }
    }

    @Test
    void nullSubscriberIsRefusedPerReactiveStreams() {
        Flow.Publisher<KvEvent> p = store.events("k");
        assertThrows(NullPointerException.class, () -> p.subscribe(null));
    }

    @Test
    void contendedWritersConvergeAndNoEventIsLost() throws Exception {
        int threads = 4;
        int writes = 2_000;
        try (KvStore big = provider.open("big", KvConfig.empty().with("kv.watch.bufferSize", "100000"))) {
            RecordingSubscriber s = subscribe(big, "k", Long.MAX_VALUE);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < writes; i++) {
                        if (i % 10 == 9) {
                            big.delete("k");
                        } else {
                            big.set("k", Payload.ofUtf8(id + ":" + i));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            int sets = threads * (writes - writes / 10);
            await(() -> s.events.stream().filter(e -> e.kind() == KvEvent.Kind.SET).count() == sets, "every SET event");
            Thread.sleep(20);
            KvEvent last = s.events.get(s.events.size() - 1);
            if (last.kind() == KvEvent.Kind.SET) {
                assertEquals(big.get("k"), last.payload());
            } else {
                assertTrue(big.find("k").isEmpty());
            }
            for (int i = 1; i < s.events.size(); i++) {
                assertTrue(s.events.get(i).sequence() > s.events.get(i - 1).sequence());
            }
        }
    }
}
