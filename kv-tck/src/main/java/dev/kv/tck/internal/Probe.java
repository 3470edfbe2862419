package dev.kv.tck.internal;

import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvEvent;
import dev.kv.api.KvStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A recording subscriber: keeps every signal, tracks demand (WATCH-6) and signals after cancel (WATCH-7), and
 * can block in {@code onNext} to play a slow subscriber.
 */
public final class Probe implements Flow.Subscriber<KvEvent> {

    private final List<KvEvent> events = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final AtomicLong outstanding = new AtomicLong();
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelReturned;
    private volatile boolean completed;
    private volatile Throwable error;
    private volatile CountDownLatch gate;
    private volatile CountDownLatch blockedIn;
    private final String label;

    private Probe(String label) {
        this.label = label;
    }

    /**
     * Subscribes a probe to {@code key} and requests {@code initial} events.
     *
     * @param store   the handle
     * @param key     the key
     * @param initial the first request, 0 for none
     * @return the probe, subscribed
     */
    public static Probe subscribe(KvStore store, String key, long initial) {
        return subscribe(store, key, initial, null);
    }

    /**
     * Subscribes a probe whose {@code onNext} waits for {@code gate} to open.
     *
     * @param store   the handle
     * @param key     the key
     * @param initial the first request
     * @param gate    a latch that {@code onNext} waits on, or null
     * @return the probe
     */
    public static Probe subscribe(KvStore store, String key, long initial, CountDownLatch gate) {
        Probe p = new Probe("watcher of key " + Text.quote(key) + " in store " + Text.quote(store.name()));
        p.gate = gate;
        p.blockedIn = new CountDownLatch(1);
        store.events(key).subscribe(p);
        try {
            if (!p.subscribed.await(TckContext.deadline().toMillis(), TimeUnit.MILLISECONDS)) {
                fail("[WATCH-2] " + p.label + " never received onSubscribe");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (initial > 0) {
            p.request(initial);
        }
        return p;
    }

    /**
     * Subscribes a probe to a publisher obtained earlier, requesting nothing and waiting for nothing: for
     * publishers that may end the subscription at once.
     *
     * @param publisher the publisher
     * @param label     what the probe is, for failure messages
     * @return the probe
     */
    public static Probe subscribeTo(Flow.Publisher<KvEvent> publisher, String label) {
        Probe p = new Probe(label);
        p.blockedIn = new CountDownLatch(1);
        publisher.subscribe(p);
        return p;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (subscription != null) {
            violation("onSubscribe called twice");
        }
        subscription = s;
        subscribed.countDown();
    }

    @Override
    public void onNext(KvEvent item) {
        if (subscription == null) {
            violation("onNext(" + item + ") before onSubscribe (Reactive Streams rule 1.9)");
        }
        if (cancelReturned) {
            violation("[WATCH-7] onNext(" + item + ") after cancel() returned");
        }
        if (terminated.getCount() == 0) {
            violation("onNext(" + item + ") after the subscription terminated");
        }
        if (outstanding.getAndDecrement() <= 0) {
            violation("[WATCH-6] onNext(" + item + ") without demand");
        }
        synchronized (events) {
            events.add(item);
            events.notifyAll();
        }
        CountDownLatch g = gate;
        if (g != null) {
            blockedIn.countDown();
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void onError(Throwable t) {
        if (subscription == null) {
            violation("onError(" + t + ") before onSubscribe (Reactive Streams rule 1.9)");
        }
        if (cancelReturned) {
            violation("[WATCH-7] onError(" + t + ") after cancel() returned");
        }
        error = t;
        terminated.countDown();
        synchronized (events) {
            events.notifyAll();
        }
    }

    @Override
    public void onComplete() {
        if (subscription == null) {
            violation("onComplete before onSubscribe (Reactive Streams rule 1.9)");
        }
        if (cancelReturned) {
            violation("[WATCH-7] onComplete after cancel() returned");
        }
        completed = true;
        terminated.countDown();
        synchronized (events) {
            events.notifyAll();
        }
    }

    private void violation(String v) {
        synchronized (violations) {
            violations.add(v);
        }
    }

    /**
     * Requests more events.
     *
     * @param n how many
     */
    public void request(long n) {
        if (n > 0) {
            outstanding.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
        }
        subscription.request(n);
    }

    /** Cancels; from now on no signal may arrive (WATCH-7). */
    public void cancel() {
        subscription.cancel();
        cancelReturned = true;
    }

    /** @return the events so far */
    public List<KvEvent> events() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }

    /** @return the protocol violations seen */
    public List<String> violations() {
        synchronized (violations) {
            return new ArrayList<>(violations);
        }
    }

    /** @return whether onComplete arrived */
    public boolean completed() {
        return completed;
    }

    /** @return the onError throwable, or null */
    public Throwable error() {
        return error;
    }

    /**
     * Waits until onNext is running with the gate closed.
     *
     * @param clause the clause for the failure message
     */
    public void awaitBlocked(String clause) {
        try {
            if (!blockedIn.await(TckContext.deadline().toMillis(), TimeUnit.MILLISECONDS)) {
                fail("[" + clause + "] " + label + " never received its first event");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits for at least {@code n} events.
     *
     * @param n      how many
     * @param clause the clause for the failure message
     * @return the events
     */
    public List<KvEvent> awaitEvents(int n, String clause) {
        return awaitEvents(l -> l.size() >= n, clause, "at least " + n + " events");
    }

    /**
     * Waits until the events satisfy {@code condition}, or the subscription terminates, or the deadline passes.
     *
     * @param condition what to wait for
     * @param clause    the clause for the failure message
     * @param what      the condition in words
     * @return the events
     */
    public List<KvEvent> awaitEvents(Predicate<List<KvEvent>> condition, String clause, String what) {
        long end = System.nanoTime() + TckContext.deadline().toNanos();
        synchronized (events) {
            while (true) {
                // read before the condition: an end that arrives after the test is tested again, not reported
                boolean ended = terminated.getCount() == 0;
                if (condition.test(events)) {
                    break;
                }
                long left = end - System.nanoTime();
                if (ended || left <= 0) {
                    fail("[" + clause + "] " + label + " did not receive " + what
                            + (ended ? " before the subscription ended" : " within "
                                    + TckContext.deadline().toSeconds() + " s")
                            + "; received " + events.size() + ": " + summary(events)
                            + (error != null ? "; onError(" + error + ")" : "") + (completed ? "; onComplete" : ""));
                }
                try {
                    events.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
            return new ArrayList<>(events);
        }
    }

    /**
     * Waits for onComplete, onError or an event, whichever comes first; the deadline only fails if none comes.
     *
     * @param clause the clause for the failure message
     */
    public void awaitTerminationOrEvent(String clause) {
        awaitEvents(l -> !l.isEmpty() || terminated.getCount() == 0, clause, "a terminal signal or an event");
    }

    /**
     * Waits for onComplete or onError.
     *
     * @param clause the clause for the failure message
     */
    public void awaitTermination(String clause) {
        try {
            if (!terminated.await(TckContext.deadline().toMillis(), TimeUnit.MILLISECONDS)) {
                fail("[" + clause + "] " + label + " did not terminate within " + TckContext.deadline().toSeconds()
                        + " s; received " + events().size() + " events");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Describes events briefly.
     *
     * @param events the events
     * @return at most a few of them, as text
     */
    public static String summary(List<KvEvent> events) {
        StringBuilder sb = new StringBuilder("[");
        int shown = 0;
        for (KvEvent e : events) {
            if (shown++ == 12) {
                sb.append(", ...");
                break;
            }
            if (shown > 1) {
                sb.append(", ");
            }
            sb.append(e.kind()).append(e.payload() != null ? "=" + e.payload().toUtf8() : "").append('#')
                    .append(e.sequence());
        }
        return sb.append(']').toString();
    }

    /**
     * Fails if the probe saw protocol violations.
     *
     * @param clause the clause for the message
     */
    public void assertNoViolations(String clause) {
        List<String> v = violations();
        if (!v.isEmpty()) {
            fail("[" + clause + "] " + label + ": " + v);
        }
    }
}
