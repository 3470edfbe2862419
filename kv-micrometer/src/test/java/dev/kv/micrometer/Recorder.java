package dev.kv.micrometer;

import dev.kv.api.KvEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/** A watch subscriber that records what it receives and lets a test wait for it (the timeouts are safety nets). */
class Recorder implements Flow.Subscriber<KvEvent> {

    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final List<KvEvent> events = new ArrayList<>();
    private final CompletableFuture<Throwable> terminal = new CompletableFuture<>();
    private final long initialRequest;
    volatile Flow.Subscription subscription;

    Recorder(long initialRequest) {
        this.initialRequest = initialRequest;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (initialRequest > 0) {
            s.request(initialRequest);
        }
    }

    @Override
    public synchronized void onNext(KvEvent item) {
        events.add(item);
        notifyAll();
    }

    @Override
    public void onError(Throwable throwable) {
        terminal.complete(throwable);
    }

    @Override
    public void onComplete() {
        terminal.complete(null);
    }

    synchronized List<KvEvent> events() {
        return List.copyOf(events);
    }

    /** Waits until {@code n} events have arrived and returns all received so far. */
    synchronized List<KvEvent> awaitEvents(int n) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (events.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + n + " events, got " + events);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return List.copyOf(events);
    }

    /** Waits for onComplete (returns null) or onError (returns the error). */
    Throwable awaitTerminal() throws Exception {
        return terminal.get(30, TimeUnit.SECONDS);
    }

    boolean terminated() {
        return terminal.isDone();
    }
}
