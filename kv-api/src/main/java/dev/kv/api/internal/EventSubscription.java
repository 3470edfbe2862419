package dev.kv.api.internal;

import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.spi.Diagnostics;
import java.lang.System.Logger.Level;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One subscriber's view of one watched key: a bounded buffer that writers add to without waiting, drained on
 * an executor as the subscriber's demand allows. Follows the Reactive Streams rules of {@link Flow}: signals
 * are serial, {@code onSubscribe} comes first, {@code request(n <= 0)} is an error, and after cancel no more
 * signals are sent.
 *
 * <p>When the buffer is full the subscription ends with {@code onError} (reason {@code WATCH_OVERFLOW}),
 * delivered at once and regardless of demand, instead of losing an event silently or blocking the writer.
 */
public final class EventSubscription implements Flow.Subscription {

    private static final System.Logger LOG = System.getLogger("dev.kv.api.watch");

    private final Flow.Subscriber<? super KvEvent> subscriber;
    private final Executor executor;
    private final int capacity;
    private final String rd;
    private final String key;
    private final Consumer<EventSubscription> onTerminate;

    private final Queue<KvEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();

    /** Marks an overflow until the draining thread, which knows how many events it discards, builds the error. */
    private static final Throwable OVERFLOW_PENDING = new Throwable("overflow", null, false, false) { };

    private volatile long overflowAt;
    private volatile boolean cancelled;
    private volatile boolean completing;
    private volatile Throwable error;
    private boolean terminated; // only touched by the draining thread

    /**
     * Creates a subscription; call {@link #start()} before offering events.
     *
     * @param subscriber  who receives the events
     * @param executor    runs deliveries
     * @param capacity    how many undelivered events may wait before overflow
     * @param rd          the store, for messages
     * @param key         the key, for messages
     * @param onTerminate called once when the subscription ends for any reason, to unregister it
     */
    public EventSubscription(Flow.Subscriber<? super KvEvent> subscriber, Executor executor, int capacity,
                             String rd, String key, Consumer<EventSubscription> onTerminate) {
        this.subscriber = subscriber;
        this.executor = executor;
        this.capacity = capacity;
        this.rd = rd;
        this.key = key;
        this.onTerminate = onTerminate;
    }

    /** Sends {@code onSubscribe} on the calling thread. */
    public void start() {
        try {
            subscriber.onSubscribe(this);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "onSubscribe of a watcher of key " + Diagnostics.quote(key) + " in " + rd
                    + " threw; the subscription is cancelled", e);
            cancel();
        }
    }

    /** The watched key. */
    public String key() {
        return key;
    }

    /** Whether the subscription has ended. */
    public boolean isDone() {
        return cancelled || error != null || completing;
    }

    /**
     * Adds an event; never blocks. Called by writers holding the key's lock, so events of one key arrive in
     * write order.
     */
    public void offer(KvEvent event) {
        if (isDone()) {
            return;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            overflowAt = event.sequence();
            fail(OVERFLOW_PENDING);
            return;
        }
        queue.offer(event);
        schedule();
    }

    /** Ends the subscription with {@code onComplete} once the buffered events are delivered. */
    public void complete() {
        completing = true;
        schedule();
    }

    /** Ends the subscription with {@code onError} at once; buffered events are discarded. */
    public void fail(Throwable t) {
        if (error == null && !cancelled) {
            error = t;
            schedule();
        }
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            fail(new IllegalArgumentException("Reactive Streams rule 3.9: request(" + n + ") must be positive"));
            return;
        }
        long current;
        long next;
        do {
            current = requested.get();
            if (current == Long.MAX_VALUE) {
                return;
            }
            next = current + n;
            if (next < 0) {
                next = Long.MAX_VALUE;
            }
        } while (!requested.compareAndSet(current, next));
        schedule();
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            schedule();
        }
    }

    private void schedule() {
        if (wip.getAndIncrement() == 0) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                error = e;
                drain();
            }
        }
    }

    private void drain() {
        int missed = 1;
        while (true) {
            if (!terminated) {
                drainOnce();
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void drainOnce() {
        if (cancelled) {
            terminate(null, false);
            return;
        }
        Throwable failure = error;
        if (failure != null) {
            terminate(failure, false);
            return;
        }
        long wanted = requested.get();
        long sent = 0;
        while (sent != wanted) {
            if (cancelled || error != null) {
                return; // handled on the next pass, which wip guarantees
            }
            KvEvent event = queue.poll();
            if (event == null) {
                break;
            }
            queued.decrementAndGet();
            try {
                subscriber.onNext(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "onNext of a watcher of key " + Diagnostics.quote(key) + " in " + rd
                        + " threw; the subscription is cancelled (Reactive Streams rule 2.13)", e);
                cancelled = true;
                terminate(null, false);
                return;
            }
            sent++;
        }
        if (sent != 0 && wanted != Long.MAX_VALUE) {
            requested.addAndGet(-sent);
        }
        if (completing && queue.isEmpty() && !cancelled && error == null) {
            terminate(null, true);
        } else if (!queue.isEmpty() && requested.get() > 0) {
            wip.incrementAndGet(); // more to send: go round again
        }
    }

    private void terminate(Throwable failure, boolean complete) {
        terminated = true;
        if (failure == OVERFLOW_PENDING) {
            long dropped = queued.get() + 1L; // the buffered events plus the one that did not fit
            failure = KvException.watchOverflow("watcher of key " + Diagnostics.quote(key) + " in store " + rd
                    + " fell more than " + capacity + " events behind; " + dropped + " events were dropped, from"
                    + " the one with sequence " + overflowAt + " (raise kv.watch.bufferSize, request more, or"
                    + " resubscribe and re-read the key)", dropped);
        }
        queue.clear();
        onTerminate.accept(this);
        try {
            if (failure != null) {
                subscriber.onError(failure);
            } else if (complete) {
                subscriber.onComplete();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a watcher of key " + Diagnostics.quote(key) + " in " + rd
                    + " threw from its terminal signal", e);
        }
    }
}
