package dev.kv.provider.memory;

import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.Predicate;

/**
 * A watch subscriber that requests everything and records what it receives. Waiting methods poll with a
 * generous deadline that only guards against hanging: they never assert how long something took.
 */
final class Recorder implements Flow.Subscriber<KvEvent> {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final List<KvEvent> events = new ArrayList<>();
    private Throwable error;
    private boolean complete;
    private volatile Flow.Subscription subscription;

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
    public synchronized void onError(Throwable throwable) {
        error = throwable;
        notifyAll();
    }

    @Override
    public synchronized void onComplete() {
        complete = true;
        notifyAll();
    }

    synchronized List<KvEvent> events() {
        return List.copyOf(events);
    }

    synchronized Throwable error() {
        return error;
    }

    synchronized boolean isComplete() {
        return complete;
    }

    void cancel() {
        subscription.cancel();
    }

    /** Waits until the events received satisfy {@code condition}; fails, showing them, if they never do. */
    synchronized List<KvEvent> awaitEvents(String what, Predicate<List<KvEvent>> condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.test(events)) {
            if (error != null) {
                throw new AssertionError("watch failed while waiting for " + what + "; events so far " + events, error);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("gave up waiting for " + what + "; events received: " + events);
            }
            try {
                wait(Math.max(1, Math.min(left / 1_000_000, 100)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
        return List.copyOf(events);
    }

    List<KvEvent> awaitCount(int n) {
        return awaitEvents(n + " events", e -> e.size() >= n);
    }
}
