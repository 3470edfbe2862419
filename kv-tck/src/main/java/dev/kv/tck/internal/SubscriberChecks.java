package dev.kv.tck.internal;

import static dev.kv.tck.internal.BasicChecks.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvEvent;
import dev.kv.api.KvStore;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * What a store owes subscribers that misbehave or leave: WATCH-12 (one that throws is cancelled, and nobody else
 * notices) and WATCH-13 (an ended subscription is not kept).
 */
final class SubscriberChecks {

    /** How long to keep listening for a signal that must not come, after everything that must has come. */
    private static final long QUIET_MILLIS = 200;

    private SubscriberChecks() {
    }

    static void throwingSubscribers(TckContext ctx) {
        String name = ctx.name("w12");
        KvStore s = ctx.open(name);
        Thrower inOnNext = new Thrower(false);
        Thrower inOnSubscribe = new Thrower(true);
        subscribe(s, "k", inOnNext);
        subscribe(s, "k", inOnSubscribe);
        Probe witness = Probe.subscribe(s, "k", Long.MAX_VALUE);
        int n = 64;
        for (int i = 0; i < n; i++) {
            try {
                s.set("k", utf8("v" + i));
            } catch (RuntimeException e) {
                fail("[WATCH-12] set #" + i + " of key 'k' in store " + Text.quote(name)
                        + " failed after a subscriber of the key threw: " + e, e);
            }
        }
        List<KvEvent> got = witness.awaitEvents(n, "WATCH-12");
        for (int i = 0; i < n; i++) {
            assertEquals("v" + i, got.get(i).payload().toUtf8(), "[WATCH-12] event #" + i
                    + " of the subscriber that did not throw, beside two that did");
        }
        try {
            assertTrue(inOnNext.thrown.await(TckContext.deadline().toMillis(), TimeUnit.MILLISECONDS),
                    "[WATCH-12] a subscriber that requested every event of key 'k' received none of " + n + " sets");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        s.close();
        witness.awaitTermination("WATCH-12");
        quietly();
        assertTrue(inOnNext.after.isEmpty(), () -> "[WATCH-12] a subscriber whose onNext threw (Reactive Streams"
                + " rule 2.13) went on receiving signals: " + inOnNext.summary());
        assertTrue(inOnSubscribe.after.isEmpty(), () -> "[WATCH-12] a subscriber whose onSubscribe threw after"
                + " requesting every event went on receiving signals: " + inOnSubscribe.summary());
        witness.assertNoViolations("WATCH-12");
    }

    static void endedSubscriptionsAreReleased(TckContext ctx) {
        requireCollectableWeakReferences();
        String name = ctx.name("w13");
        KvStore s = ctx.open(name);
        int keys = 3;
        int n = 30;
        // Subscribers that stay, first, in the middle and last of each key's subscribers: releasing the ended
        // ones around them must neither drop nor starve them.
        List<Probe> staying = new ArrayList<>();
        List<Ending> ending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i < keys || i == n / 2 || i == n / 2 + 1 || i == n / 2 + 2) {
                staying.add(Probe.subscribe(s, "k" + (i % keys), Long.MAX_VALUE));
            }
            ending.add(subscribeForOne(s, "k" + (i % keys)));
        }
        for (int k = 0; k < keys; k++) {
            staying.add(Probe.subscribe(s, "k" + k, Long.MAX_VALUE));
            s.set("k" + k, utf8("before"));
        }
        List<WeakReference<Object>> ended = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ended.add(end(ending.get(i), i % 2 == 0));
        }
        ending.clear();
        for (int k = 0; k < keys; k++) {
            s.set("k" + k, utf8("after"));
        }
        for (Probe p : staying) {
            List<KvEvent> got = p.awaitEvents(2, "WATCH-13");
            assertEquals("before,after", got.get(0).payload().toUtf8() + "," + got.get(1).payload().toUtf8(),
                    () -> "[WATCH-13] a subscriber of key " + Text.quote(got.get(0).key()) + " in store "
                            + Text.quote(name) + " that stayed while " + n + " others of the store's keys ended"
                            + " received " + Probe.summary(got));
            p.assertNoViolations("WATCH-13");
        }
        long deadline = System.nanoTime() + TckContext.deadline().toNanos();
        int alive;
        while ((alive = alive(ended)) > 0 && System.nanoTime() < deadline) {
            collectGarbage();
        }
        int left = alive;
        assertEquals(0, left, () -> "[WATCH-13] " + left + " of " + n + " subscribers whose subscriptions ended ("
                + "half cancelled, half failed by request(0)) are still reachable after "
                + TckContext.deadline().toSeconds() + " s of garbage collection while store " + Text.quote(name)
                + " stays open: the store keeps ended subscriptions");
        Reference.reachabilityFence(s);
    }

    /** Subscribes and asks for one event. */
    private static Ending subscribeForOne(KvStore s, String key) {
        Ending sub = new Ending();
        s.events(s.watch(key)).subscribe(sub);
        sub.await(sub.subscribed, "onSubscribe");
        sub.subscription.request(1);
        return sub;
    }

    /** Waits for the one event, ends the subscription; returns a reference only the store could keep alive. */
    private static WeakReference<Object> end(Ending sub, boolean cancel) {
        sub.await(sub.received, "the event of a set");
        if (cancel) {
            sub.subscription.cancel();
        } else {
            sub.subscription.request(0);
            sub.await(sub.failed, "onError after request(0) (WATCH-11)");
        }
        return new WeakReference<>(sub);
    }

    private static int alive(List<WeakReference<Object>> refs) {
        int alive = 0;
        for (WeakReference<Object> r : refs) {
            if (r.get() != null) {
                alive++;
            }
        }
        return alive;
    }

    /** Skips where a collection cannot be asked for (-XX:+DisableExplicitGC, Epsilon), which this check needs. */
    private static void requireCollectableWeakReferences() {
        WeakReference<Object> canary = new WeakReference<>(new Object());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (canary.get() != null && System.nanoTime() < deadline) {
            collectGarbage();
        }
        Assumptions.assumeTrue(canary.get() == null, "garbage collection does not clear weak references in this JVM"
                + " (-XX:+DisableExplicitGC?), which WATCH-13's check relies on");
    }

    private static void collectGarbage() {
        System.gc();
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void subscribe(KvStore s, String key, Flow.Subscriber<KvEvent> subscriber) {
        try {
            s.events(s.watch(key)).subscribe(subscriber);
        } catch (RuntimeException raised) {
            // rule 2.13 lets the publisher raise the subscriber's exception to the caller; either way is conformant
        }
    }

    private static void quietly() {
        try {
            Thread.sleep(QUIET_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Thrown on purpose by the kit's misbehaving subscribers; without a stack trace, so logs stay short. */
    private static final class OnPurpose extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OnPurpose(String where) {
            super("kv-tck: thrown on purpose from " + where + " to check WATCH-12", null, false, false);
        }
    }

    /** Breaks rule 2.13 once, in onSubscribe after requesting everything or in its first onNext; records the rest. */
    private static final class Thrower implements Flow.Subscriber<KvEvent> {
        private final boolean inOnSubscribe;
        private final List<String> after = new CopyOnWriteArrayList<>();
        private final CountDownLatch thrown = new CountDownLatch(1);
        private volatile boolean threw;

        Thrower(boolean inOnSubscribe) {
            this.inOnSubscribe = inOnSubscribe;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
            if (inOnSubscribe) {
                threw = true;
                thrown.countDown();
                throw new OnPurpose("onSubscribe");
            }
        }

        @Override
        public void onNext(KvEvent e) {
            if (threw) {
                after.add("onNext(" + e + ")");
                return;
            }
            threw = true;
            thrown.countDown();
            throw new OnPurpose("onNext");
        }

        @Override
        public void onError(Throwable t) {
            if (threw) {
                after.add("onError(" + t + ")");
            }
        }

        @Override
        public void onComplete() {
            if (threw) {
                after.add("onComplete()");
            }
        }

        String summary() {
            List<String> a = List.copyOf(after);
            return a.size() + " signals, the first " + a.subList(0, Math.min(3, a.size()));
        }
    }

    /** A subscriber that the check ends; keeps nothing but its subscription. */
    private static final class Ending implements Flow.Subscriber<KvEvent> {
        private final CountDownLatch subscribed = new CountDownLatch(1);
        private final CountDownLatch received = new CountDownLatch(1);
        private final CountDownLatch failed = new CountDownLatch(1);
        private volatile Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            subscribed.countDown();
        }

        @Override
        public void onNext(KvEvent e) {
            received.countDown();
        }

        @Override
        public void onError(Throwable t) {
            failed.countDown();
        }

        @Override
        public void onComplete() {
        }

        void await(CountDownLatch latch, String what) {
            try {
                if (!latch.await(TckContext.deadline().toMillis(), TimeUnit.MILLISECONDS)) {
                    fail("[WATCH-13] a subscriber never received " + what);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
