package dev.kv.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvLimits;
import dev.kv.api.KvStore;
import dev.kv.api.Observable;
import dev.kv.api.Payload;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** The watch meters, and that counting leaves delivery exactly as the provider makes it. */
class WatchMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TestProvider provider = new TestProvider();

    private double gauge(String store) {
        return registry.get(KvMetrics.WATCH_SUBSCRIPTIONS).tags("store", store).gauge().value();
    }

    private double delivered(String store, String kind) {
        return registry.get(KvMetrics.WATCH_EVENTS_DELIVERED).tags("store", store, "kind", kind).counter().count();
    }

    @Test
    void subscriptionsAreGaugedAndDeliveredEventsCountedByKind() throws Exception {
        KvStore store = KvMetrics.monitor(registry, provider.open("watched", KvConfig.empty()));
        KvStore other = provider.open("watched", KvConfig.empty()); // another handle of the store, not instrumented
        Recorder counted = new Recorder(Long.MAX_VALUE);
        Recorder direct = new Recorder(Long.MAX_VALUE);
        store.events("k").subscribe(counted);
        other.events("k").subscribe(direct); // the provider's own delivery, to compare with
        assertEquals(1.0, gauge("watched"), "only subscriptions made through the instrumented handle count");

        store.set("k", Payload.ofUtf8("1"));
        store.set("other", Payload.ofUtf8("x"));
        other.set("k", Payload.ofUtf8("2")); // writes through any handle are delivered, and counted when delivered
        store.delete("k");
        store.delete("k"); // removes nothing: no event

        List<KvEvent> events = counted.awaitEvents(3);
        assertEquals(direct.awaitEvents(3), events);
        assertEquals(List.of(KvEvent.Kind.SET, KvEvent.Kind.SET, KvEvent.Kind.DELETE),
                events.stream().map(KvEvent::kind).toList());
        assertEquals(2.0, delivered("watched", "set"));
        assertEquals(1.0, delivered("watched", "delete"));
        assertEquals(0.0, delivered("watched", "evict"));
        assertEquals(0.0, delivered("watched", "expire"));
        assertEquals(1.0, registry.get(KvMetrics.OPERATIONS).tags("store", "watched", "op", "watch", "outcome",
                "success").functionCounter().count());

        counted.subscription.cancel();
        assertEquals(0.0, gauge("watched"));
        counted.subscription.cancel(); // cancelling twice is allowed (rule 3.5) and must not count twice
        assertEquals(0.0, gauge("watched"));

        // A second instrumented handle keeps the store's gauge registered while the first one closes.
        KvStore keeper = KvMetrics.monitor(registry, provider.open("watched", KvConfig.empty()));
        Recorder second = new Recorder(Long.MAX_VALUE);
        store.events(store.watch("k")).subscribe(second);
        Recorder third = new Recorder(Long.MAX_VALUE);
        store.events(store.watch("k")).subscribe(third);
        Recorder kept = new Recorder(Long.MAX_VALUE);
        keeper.events("k").subscribe(kept);
        assertEquals(3.0, gauge("watched"));
        store.close(); // completes the subscriptions made through it (CLOSE-4)
        assertNull(second.awaitTerminal());
        assertNull(third.awaitTerminal());
        assertEquals(1.0, gauge("watched"));
        assertFalse(kept.terminated());
        assertFalse(direct.terminated());
        keeper.close();
        assertNull(kept.awaitTerminal());
        assertNull(registry.find(KvMetrics.WATCH_SUBSCRIPTIONS).tags("store", "watched").gauge(),
                "the last instrumented handle's close removes the gauge");
        other.close();
    }

    @Test
    void overflowIsCountedAsTheDroppedEventsTheSubscriberIsTold() throws Exception {
        KvStore store = KvMetrics.monitor(registry,
                provider.open("overflow", KvConfig.builder().set("kv.watch.bufferSize", "2").build()));
        Recorder idle = new Recorder(0); // requests nothing: the buffer of 2 fills, the third event overflows
        store.events("k").subscribe(idle);
        for (int i = 0; i < 5; i++) {
            store.set("k", Payload.ofUtf8("v" + i));
        }
        Throwable failure = idle.awaitTerminal();
        KvException overflow = assertInstanceOf(KvException.class, failure);
        assertEquals(KvException.Reason.WATCH_OVERFLOW, overflow.reason());
        assertEquals(3, overflow.droppedEvents(), "2 buffered plus the one that did not fit");
        assertEquals(3.0, registry.get(KvMetrics.WATCH_EVENTS_DROPPED).tags("store", "overflow").counter().count());
        assertEquals(0.0, delivered("overflow", "set"));
        assertEquals(0.0, gauge("overflow"));
        assertTrue(idle.events().isEmpty());
        store.close();
    }

    @Test
    void aClosedHandleRefusesSubscribersAsTheProviderDoesAndCountsNothing() throws Exception {
        KvStore raw = provider.open("refusing", KvConfig.empty());
        KvStore store = KvMetrics.monitor(registry, raw);
        Flow.Publisher<KvEvent> publisher = store.events("k");
        Flow.Publisher<KvEvent> rawPublisher = raw.events("k");
        NullPointerException npe = assertThrows(NullPointerException.class, () -> publisher.subscribe(null));
        assertEquals(assertThrows(NullPointerException.class, () -> rawPublisher.subscribe(null)).getMessage(),
                npe.getMessage());
        store.close();
        Recorder late = new Recorder(1);
        publisher.subscribe(late);
        Recorder rawLate = new Recorder(1);
        rawPublisher.subscribe(rawLate);
        KvException closed = assertInstanceOf(KvException.class, late.awaitTerminal());
        assertEquals(KvException.Reason.CLOSED, closed.reason());
        assertEquals(assertInstanceOf(KvException.class, rawLate.awaitTerminal()).getMessage(), closed.getMessage());
        KvStore elsewhere = KvMetrics.monitor(registry, provider.open("elsewhere", KvConfig.empty()));
        KvException wrongStore = assertThrows(KvException.class,
                () -> elsewhere.events(new Observable("test:refusing", "k")));
        assertEquals(KvException.Reason.INVALID_ARGUMENT, wrongStore.reason());
        Recorder onClosed = new Recorder(1);
        KvStore keeper = KvMetrics.monitor(registry, provider.open("elsewhere", KvConfig.empty())); // shares meters
        Flow.Publisher<KvEvent> stale = elsewhere.events("k");
        elsewhere.close();
        stale.subscribe(onClosed); // onSubscribe, then onError(CLOSED): counted in, then out
        assertEquals(KvException.Reason.CLOSED,
                assertInstanceOf(KvException.class, onClosed.awaitTerminal()).reason());
        assertEquals(0.0, registry.get(KvMetrics.WATCH_SUBSCRIPTIONS).tags("store", "elsewhere").gauge().value());
        keeper.close();
    }

    /** Signals and demand pass through one for one, in order, whatever the upstream does. */
    @Test
    void demandCancelAndTerminalSignalsAreForwardedUnchanged() {
        ScriptedStore scripted = new ScriptedStore();
        KvStore store = KvMetrics.monitor(registry, scripted);
        Recorder recorder = new Recorder(0);
        store.events("k").subscribe(recorder);
        Flow.Subscriber<? super KvEvent> upstreamSide = scripted.subscriber;
        assertNotNull(upstreamSide);
        UpstreamSubscription upstream = new UpstreamSubscription();
        upstreamSide.onSubscribe(upstream);
        assertEquals(1.0, gauge("scripted"));

        recorder.subscription.request(3);
        recorder.subscription.request(-1); // forwarded too: the provider decides what that means (rule 3.9)
        assertEquals(List.of(3L, -1L), upstream.requests);

        KvEvent e1 = new KvEvent("k", KvEvent.Kind.SET, Payload.ofUtf8("a"), 7);
        KvEvent e2 = new KvEvent("k", KvEvent.Kind.EXPIRE, null, 9);
        upstreamSide.onNext(e1);
        upstreamSide.onNext(e2);
        assertEquals(List.of(e1, e2), recorder.events());
        assertEquals(1.0, delivered("scripted", "set"));
        assertEquals(1.0, delivered("scripted", "expire"));

        recorder.subscription.cancel();
        assertEquals(1, upstream.cancels);
        assertEquals(0.0, gauge("scripted"));
        upstreamSide.onComplete(); // a late terminal signal still reaches the subscriber, and is not counted again
        assertTrue(recorder.terminated());
        assertEquals(0.0, gauge("scripted"));
    }

    @Test
    void aSubscriberThatThrowsEndsItsCountAndTheProviderSeesTheException() {
        ScriptedStore scripted = new ScriptedStore();
        KvStore store = KvMetrics.monitor(registry, scripted);
        IllegalStateException boom = new IllegalStateException("subscriber bug");
        store.events("k").subscribe(new Recorder(1) {
            @Override
            public synchronized void onNext(KvEvent item) {
                throw boom;
            }
        });
        scripted.subscriber.onSubscribe(new UpstreamSubscription());
        assertEquals(1.0, gauge("scripted"));
        assertSame(boom, assertThrows(IllegalStateException.class,
                () -> scripted.subscriber.onNext(new KvEvent("k", KvEvent.Kind.DELETE, null, 1))));
        assertEquals(0.0, gauge("scripted"));
        assertEquals(1.0, delivered("scripted", "delete"));
    }

    @Test
    void aSubscriberWhoseOnSubscribeThrowsIsNotLeftCounted() {
        ScriptedStore scripted = new ScriptedStore();
        KvStore store = KvMetrics.monitor(registry, scripted);
        store.events("k").subscribe(new Recorder(1) {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                throw new IllegalStateException("cannot start");
            }
        });
        assertThrows(IllegalStateException.class, () -> scripted.subscriber.onSubscribe(new UpstreamSubscription()));
        assertEquals(0.0, gauge("scripted"));
    }

    private static final class UpstreamSubscription implements Flow.Subscription {
        final List<Long> requests = new ArrayList<>();
        int cancels;

        @Override
        public void request(long n) {
            requests.add(n);
        }

        @Override
        public void cancel() {
            cancels++;
        }
    }

    /** A store whose publisher hands the test the subscriber it is given, so the test plays the provider. */
    private static final class ScriptedStore implements KvStore {
        Flow.Subscriber<? super KvEvent> subscriber;
        private boolean open = true;

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public String rd() {
            return "scripted:scripted";
        }

        @Override
        public String providerId() {
            return "scripted";
        }

        @Override
        public KvLimits limits() {
            return new KvLimits(256, 1 << 20);
        }

        @Override
        public Payload get(String key) {
            throw KvException.notFound(name(), key);
        }

        @Override
        public Optional<Payload> find(String key) {
            return Optional.empty();
        }

        @Override
        public void set(String key, Payload value) {
        }

        @Override
        public void delete(String key) {
        }

        @Override
        public Observable watch(String key) {
            return new Observable(rd(), key);
        }

        @Override
        public Flow.Publisher<KvEvent> events(Observable observable) {
            return s -> subscriber = s;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
