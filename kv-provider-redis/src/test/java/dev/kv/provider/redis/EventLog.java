package dev.kv.provider.redis;

import dev.kv.api.KvEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;

/** A subscriber that records every event, for tests; requests without limit. */
final class EventLog implements Flow.Subscriber<KvEvent> {

    /** How long a test waits for an event that must come; a hang detector, not a timing. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final List<KvEvent> events = new ArrayList<>();
    private volatile Flow.Subscription subscription;
    private volatile Throwable error;

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public synchronized void onNext(KvEvent item) {
        events.add(item);
        notifyAll();
    }

    @Override
    public synchronized void onError(Throwable t) {
        error = t;
        notifyAll();
    }

    @Override
    public void onComplete() {
    }

    synchronized List<KvEvent> events() {
        return new ArrayList<>(events);
    }

    /** The payloads of SET events as text, and "<deleted>" for removals, in arrival order. */
    synchronized List<String> values() {
        List<String> out = new ArrayList<>();
        for (KvEvent e : events) {
            out.add(e.payload() == null ? "<deleted>" : e.payload().toUtf8());
        }
        return out;
    }

    /** Waits until the last event shows {@code value} ("<deleted>" for a removal). */
    synchronized void awaitLast(String value) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            if (error != null) {
                throw new AssertionError("the subscription failed", error);
            }
            List<String> v = values();
            if (!v.isEmpty() && v.get(v.size() - 1).equals(value)) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the last event never became " + value + "; events: " + v);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
