package dev.kv.tck.internal;

import static dev.kv.tck.internal.BasicChecks.utf8;
import static dev.kv.tck.internal.TckContext.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvException.Reason;
import dev.kv.api.KvStore;
import dev.kv.api.Observable;
import dev.kv.api.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** WATCH clauses. */
final class WatchChecks {

    private WatchChecks() {
    }

    static List<Check> checks() {
        return List.of(
                Check.of("WATCH-1", "watch returns (rd, key); rd is id:identity, one per store",
                        WatchChecks::observable),
                Check.of("WATCH-2, WATCH-4", "a subscriber receives one event per set and per removing delete,"
                        + " through any handle, for its key only", WatchChecks::delivery),
                Check.of("WATCH-3, WATCH-5", "per-key order and increasing sequence under concurrent writers;"
                        + " the last event matches the store", WatchChecks::orderAndConvergence),
                Check.of("WATCH-6", "a subscriber never receives more onNext than it requested",
                        WatchChecks::backpressure),
                Check.of("WATCH-7", "after cancel returns no new signal arrives", WatchChecks::cancel),
                Check.of("WATCH-8, CONF-2", "a subscriber further behind than kv.watch.bufferSize gets"
                        + " WATCH_OVERFLOW without demand; writers do not wait", WatchOverflowChecks::overflow),
                Check.of("WATCH-9", "several subscribers each get everything; a blocked one delays nobody",
                        WatchChecks::independent),
                Check.of("WATCH-10", "events of another store's observable fail with INVALID_ARGUMENT",
                        WatchChecks::foreignObservable),
                Check.of("WATCH-11", "request(n <= 0) ends with IllegalArgumentException; a null subscriber is refused",
                        WatchChecks::reactiveRules),
                Check.of("WATCH-12", "a subscriber that throws from onSubscribe or onNext is cancelled; writers and"
                        + " the key's other subscribers go on", SubscriberChecks::throwingSubscribers),
                Check.of("WATCH-13", "an ended subscription is released: the store keeps no ended subscriber",
                        SubscriberChecks::endedSubscriptionsAreReleased),
                Check.of("SET-3, DEL-2", "failed sets and deletes of missing keys publish no event",
                        WatchChecks::noEventForNoChange));
    }

    private static void observable(TckContext ctx) {
        String name = ctx.name("w1");
        KvStore a = ctx.open(name);
        KvStore b = ctx.open(name);
        KvStore other = ctx.open(ctx.name("w1other"));
        Observable o = a.watch("k");
        assertEquals(new Observable(a.rd(), "k"), o, "[WATCH-1] watch('k') did not return Observable(rd(), 'k')");
        assertTrue(a.rd().startsWith(ctx.id() + ":") && a.rd().length() > ctx.id().length() + 1,
                () -> "[WATCH-1] rd " + Text.quote(a.rd()) + " is not the provider id '" + ctx.id()
                        + "', ':' and the store's identity");
        assertEquals(a.rd(), b.rd(), "[WATCH-1] two handles of one store have different rds");
        assertEquals(o, b.watch("k"), "[WATCH-1] two handles of one store return different observables");
        assertNotEquals(a.rd(), other.rd(), "[WATCH-1] two different stores have the same rd");
        assertEquals(ctx.id(), a.providerId(), "[WATCH-1] providerId() differs from the provider's id");
        fails("WATCH-1", Reason.INVALID_ARGUMENT, "watch('')", () -> a.watch(""));
    }

    private static void delivery(TckContext ctx) {
        String name = ctx.name("w2");
        KvStore a = ctx.open(name);
        KvStore b = ctx.open(name);
        a.set("k", utf8("before"));
        Probe p = Probe.subscribe(a, "k", Long.MAX_VALUE);
        b.set("k", utf8("one"));
        a.set("k", utf8("two"));
        // keys sharing a hash code or prefix with 'k' must not leak into its stream (WATCH-4)
        b.set("Aa", utf8("x"));
        b.set("BB", utf8("x"));
        b.set("kk", utf8("x"));
        b.set("K", utf8("x"));
        b.delete("k");
        a.set("k", Payload.empty());
        // events of one key arrive in write order (WATCH-3): once this marker is in, a missing event is certain
        b.set("k", utf8("end-of-delivery"));
        List<KvEvent> upToMarker = p.awaitEvents(l -> !l.isEmpty() && l.get(l.size() - 1).payload() != null
                && l.get(l.size() - 1).payload().equals(utf8("end-of-delivery")), "WATCH-2", "the marker event");
        List<KvEvent> ev = upToMarker.subList(0, upToMarker.size() - 1);
        assertEquals(List.of(KvEvent.Kind.SET, KvEvent.Kind.SET, KvEvent.Kind.DELETE, KvEvent.Kind.SET),
                ev.stream().map(KvEvent::kind).collect(java.util.stream.Collectors.toList()),
                () -> "[WATCH-2] events for set, set, delete, set: " + Probe.summary(ev));
        assertEquals(utf8("one"), ev.get(0).payload(), "[WATCH-2] payload of the first SET event");
        assertEquals(utf8("two"), ev.get(1).payload(), "[WATCH-2] payload of the second SET event");
        assertNull(ev.get(2).payload(), "[WATCH-2] a DELETE event carries a payload");
        assertEquals(Payload.empty(), ev.get(3).payload(), "[WATCH-2] the SET of the empty payload");
        for (KvEvent e : ev) {
            assertEquals("k", e.key(), () -> "[WATCH-4] the watcher of 'k' received an event for key "
                    + Text.quote(e.key()));
        }
        a.set("k2", utf8("x"));
        a.set("k", utf8("marker"));
        List<KvEvent> all = p.awaitEvents(6, "WATCH-2");
        assertEquals(6, all.size(), () -> "[WATCH-4] the watcher of 'k' received other keys' events: "
                + Probe.summary(all));
        p.assertNoViolations("WATCH-6");
    }

    private static void orderAndConvergence(TckContext ctx) throws Exception {
        String name = ctx.name("w3");
        KvStore a = ctx.open(name);
        KvStore b = ctx.open(name);
        Probe p = Probe.subscribe(a, "k", Long.MAX_VALUE);
        Probe single = Probe.subscribe(b, "solo", Long.MAX_VALUE);
        int writers = 4;
        int perWriter = 300;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                KvStore h = w % 2 == 0 ? a : b;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        if (i % 10 == 9) {
                            h.delete("k");
                        } else {
                            h.set("k", utf8(id + ":" + i));
                        }
                        if (id == 0) {
                            h.set("solo", utf8(Integer.toString(i)));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // single writer: exactly the written sequence, in order
        List<KvEvent> solo = single.awaitEvents(l -> l.size() >= perWriter || outOfOrder(l, 0), "WATCH-3",
                perWriter + " events of 'solo'");
        if (solo.size() < perWriter) {
            fail("[WATCH-3] the events of one writer of 'solo' arrived out of order or with sequences that do not"
                    + " increase: " + Probe.summary(solo.subList(Math.max(0, solo.size() - 6), solo.size())));
        }
        for (int i = 0; i < perWriter; i++) {
            if (!Integer.toString(i).equals(solo.get(i).payload() == null ? null : solo.get(i).payload().toUtf8())) {
                fail("[WATCH-3] events of one writer arrive out of write order at position " + i + ": "
                        + Probe.summary(solo.subList(Math.max(0, i - 3), Math.min(solo.size(), i + 3))));
            }
        }
        checkSequences(solo);
        // several writers: per writer the values appear in its order; the last event matches the store
        Optional<Payload> finalValue = a.find("k");
        int written = writers * (perWriter - perWriter / 10);
        // every set produces an event (WATCH-2); once all arrived, the last must match the store (WATCH-5)
        // the wait ends early when what has arrived is already out of order: the failure is certain then
        List<KvEvent> ev = p.awaitEvents(l -> l.stream().filter(e -> e.kind() == KvEvent.Kind.SET).count() >= written
                || outOfOrder(l, writers), "WATCH-2", "one SET event for each of the " + written + " sets of 'k'");
        if (!matches(ev.get(ev.size() - 1), finalValue)) {
            ev = p.awaitEvents(l -> matches(l.get(l.size() - 1), finalValue), "WATCH-5",
                    "a last event matching the store's value " + finalValue);
        }
        checkSequences(ev);
        int[] lastSeen = new int[writers];
        java.util.Arrays.fill(lastSeen, -1);
        for (KvEvent e : ev) {
            if (e.kind() == KvEvent.Kind.SET) {
                String[] parts = e.payload().toUtf8().split(":");
                int w = Integer.parseInt(parts[0]);
                int i = Integer.parseInt(parts[1]);
                if (i <= lastSeen[w]) {
                    fail("[WATCH-3] writer " + w + "'s value " + i + " arrived after its value " + lastSeen[w]);
                }
                lastSeen[w] = i;
            }
        }
        long sets = ev.stream().filter(e -> e.kind() == KvEvent.Kind.SET).count();
        assertEquals(written, sets, "[WATCH-2] " + written + " sets of 'k' produced " + sets + " SET events");
        p.assertNoViolations("WATCH-3");
    }

    /**
     * Whether the events received so far already break per-writer order: values {@code writer:i} (or plain
     * {@code i} for a single writer, {@code writers == 0}) must increase per writer, sequences must increase.
     */
    private static boolean outOfOrder(List<KvEvent> events, int writers) {
        java.util.Map<String, Integer> last = new java.util.HashMap<>();
        long sequence = Long.MIN_VALUE;
        for (KvEvent e : events) {
            if (e.sequence() <= sequence) {
                return true;
            }
            sequence = e.sequence();
            if (e.kind() != KvEvent.Kind.SET || e.payload() == null) {
                continue;
            }
            String text = e.payload().toUtf8();
            int colon = text.indexOf(':');
            String writer = writers == 0 || colon < 0 ? "" : text.substring(0, colon);
            int i;
            try {
                i = Integer.parseInt(colon < 0 ? text : text.substring(colon + 1));
            } catch (NumberFormatException x) {
                continue;
            }
            Integer before = last.put(writer, i);
            if (before != null && i <= before) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(KvEvent last, Optional<Payload> value) {
        return value.isPresent() ? last.kind() == KvEvent.Kind.SET && value.get().equals(last.payload())
                : last.kind() != KvEvent.Kind.SET;
    }

    static void checkSequences(List<KvEvent> ev) {
        for (int i = 1; i < ev.size(); i++) {
            if (ev.get(i).sequence() <= ev.get(i - 1).sequence()) {
                fail("[WATCH-3] sequence numbers do not strictly increase: " + ev.get(i - 1).sequence() + " then "
                        + ev.get(i).sequence() + " at event " + i);
            }
        }
    }

    private static void backpressure(TckContext ctx) {
        KvStore s = ctx.open(ctx.name("w6"));
        Probe p = Probe.subscribe(s, "k", 0);
        for (int i = 0; i < 20; i++) {
            s.set("k", utf8("v" + i));
        }
        p.request(1);
        p.awaitEvents(1, "WATCH-6");
        p.request(2);
        p.awaitEvents(3, "WATCH-6");
        // a marker written now must not arrive either: demand is exhausted
        Probe marker = Probe.subscribe(s, "k", Long.MAX_VALUE);
        s.set("k", utf8("marker"));
        marker.awaitEvents(1, "WATCH-9");
        assertEquals(3, p.events().size(), () -> "[WATCH-6] requested 3 events, received " + p.events().size());
        p.request(100);
        List<KvEvent> ev = p.awaitEvents(21, "WATCH-6");
        assertEquals("v0", ev.get(0).payload().toUtf8(), "[WATCH-6] the first event after demand");
        assertEquals("marker", ev.get(20).payload().toUtf8(), "[WATCH-6] the buffered events in order");
        p.assertNoViolations("WATCH-6");
    }

    private static void cancel(TckContext ctx) throws InterruptedException {
        KvStore s = ctx.open(ctx.name("w7"));
        Probe p = Probe.subscribe(s, "k", Long.MAX_VALUE);
        s.set("k", utf8("before"));
        p.awaitEvents(1, "WATCH-2");
        p.cancel();
        Probe witness = Probe.subscribe(s, "k", Long.MAX_VALUE);
        for (int i = 0; i < 50; i++) {
            s.set("k", utf8("after" + i));
        }
        s.delete("k");
        witness.awaitEvents(51, "WATCH-7");
        // the witness got everything; deliveries to the cancelled probe would have been scheduled too
        Probe late = Probe.subscribe(s, "k", Long.MAX_VALUE);
        s.set("k", utf8("end"));
        late.awaitEvents(1, "WATCH-7");
        // deliveries to different subscribers are not ordered with each other: give a signal sent after cancel a
        // moment to show up (a quiet period, which never fails a provider that stops sending)
        long quietUntil = System.nanoTime() + 500_000_000L;
        while (p.events().size() == 1 && System.nanoTime() < quietUntil) {
            Thread.sleep(10);
        }
        p.assertNoViolations("WATCH-7");
        assertEquals(1, p.events().size(), () -> "[WATCH-7] events arrived after cancel(): "
                + Probe.summary(p.events()));
    }

    private static void independent(TckContext ctx) throws Exception {
        String name = ctx.name("w9");
        KvStore s = ctx.open(name);
        KvStore other = ctx.open(name);
        CountDownLatch gate = new CountDownLatch(1);
        try {
            Probe slow = Probe.subscribe(s, "k", Long.MAX_VALUE, gate);
            Probe fast1 = Probe.subscribe(s, "k", Long.MAX_VALUE);
            Probe fast2 = Probe.subscribe(other, "k", Long.MAX_VALUE);
            s.set("k", utf8("v0"));
            slow.awaitBlocked("WATCH-9");
            int n = 1000;
            Thread writer = new Thread(() -> {
                for (int i = 1; i < n; i++) {
                    other.set("k", utf8("v" + i));
                }
            }, "kv-tck-writer");
            writer.start();
            writer.join(TckContext.deadline().toMillis());
            if (writer.isAlive()) {
                fail("[WATCH-9] a writer stayed blocked for " + TckContext.deadline().toSeconds()
                        + " s while one subscriber was blocked in onNext");
            }
            fast1.awaitEvents(n, "WATCH-9");
            fast2.awaitEvents(n, "WATCH-9");
            assertEquals(1, slow.events().size(), "[WATCH-9] the blocked subscriber received more while blocked");
            gate.countDown();
            List<KvEvent> got = slow.awaitEvents(n, "WATCH-9");
            for (int i = 0; i < n; i++) {
                assertEquals("v" + i, got.get(i).payload().toUtf8(), "[WATCH-9] the slow subscriber's events");
            }
            assertEquals(fast1.events(), fast2.events(), "[WATCH-9] two subscribers received different sequences");
        } finally {
            gate.countDown();
        }
    }

    private static void foreignObservable(TckContext ctx) {
        KvStore a = ctx.open(ctx.name("w10a"));
        KvStore b = ctx.open(ctx.name("w10b"));
        Observable ofB = b.watch("k");
        fails("WATCH-10", Reason.INVALID_ARGUMENT, "events(observable of store " + b.rd() + ") on store " + a.rd(),
                () -> a.events(ofB));
        fails("WATCH-10", Reason.INVALID_ARGUMENT, "events(observable with a made-up rd)",
                () -> a.events(new Observable(ctx.id() + ":no-such-store-" + ctx.name("x"), "k")));
    }

    private static void reactiveRules(TckContext ctx) {
        KvStore s = ctx.open(ctx.name("w11"));
        for (long n : new long[] {0, -1, Long.MIN_VALUE}) {
            Probe p = Probe.subscribe(s, "k", 0);
            p.request(n);
            // if the bad request were ignored, the subscription would still deliver: one event settles it early
            p.request(1);
            s.set("k", utf8("after request(" + n + ")"));
            p.awaitTerminationOrEvent("WATCH-11");
            if (!p.events().isEmpty() && p.error() == null) {
                fail("[WATCH-11] after request(" + n + ") the subscription went on delivering events instead of"
                        + " ending with onError(IllegalArgumentException)");
            }
            p.awaitTermination("WATCH-11");
            assertTrue(p.error() instanceof IllegalArgumentException, () -> "[WATCH-11] request(" + n
                    + ") ended the subscription with " + (p.error() == null ? "onComplete" : p.error())
                    + " instead of onError(IllegalArgumentException)");
        }
        Flow.Publisher<KvEvent> publisher = s.events("k");
        try {
            publisher.subscribe(null);
            fail("[WATCH-11] subscribe(null) was accepted");
        } catch (NullPointerException expected) {
            // rule 1.9
        } catch (RuntimeException e) {
            fail("[WATCH-11] subscribe(null) threw " + e + " instead of NullPointerException");
        }
    }

    private static void noEventForNoChange(TckContext ctx) {
        KvStore s = ctx.open(ctx.name("noevent"));
        s.set("k", utf8("v"));
        Probe p = Probe.subscribe(s, "k", Long.MAX_VALUE);
        Probe missing = Probe.subscribe(s, "missing", Long.MAX_VALUE);
        try {
            s.set("k", (Payload) null);
        } catch (KvException expected) {
            // SET-3: no event
        }
        if (s.limits().maxPayloadBytes() <= BasicChecks.LARGEST_CHECKED) {
            try {
                s.set("k", Payload.copyOf(new byte[s.limits().maxPayloadBytes() + 1]));
            } catch (KvException expected) {
                // SET-3: no event
            }
        }
        s.delete("missing");
        s.set("k", utf8("marker"));
        s.set("missing", utf8("marker"));
        List<KvEvent> ev = p.awaitEvents(1, "SET-3");
        assertEquals("marker", ev.get(0).payload() == null ? null : ev.get(0).payload().toUtf8(),
                () -> "[SET-3] a failed set published an event: " + Probe.summary(ev));
        List<KvEvent> ev2 = missing.awaitEvents(1, "DEL-2");
        assertEquals(KvEvent.Kind.SET, ev2.get(0).kind(), () -> "[DEL-2] delete of a key with no value published"
                + " an event: " + Probe.summary(ev2));
    }
}
