package dev.kv.api.spi;

import dev.kv.api.KvConfig;
import dev.kv.api.KvEvent;
import dev.kv.api.Payload;
import dev.kv.api.internal.EventSubscription;
import dev.kv.api.internal.NamedDaemons;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Watch fan-out for one store, shared by every handle of that store in this JVM so that a write through any
 * handle reaches the watchers of all of them.
 *
 * <p>{@link AbstractKvStore} uses it for writes made through kv. A provider that learns of changes another
 * way (eviction, expiry, another process) calls {@link #publish} itself, holding {@link #lockFor(String)} for
 * the key while it both applies the change and publishes it, so that events of one key stay in write order.
 *
 * <p>Publishing never blocks: each subscriber has a buffer of {@link #BUFFER_SIZE} events, and a subscriber
 * that falls further behind receives an overflow error. Deliveries run on a shared pool of daemon threads
 * named {@code kv-watch-N}, or on the executor given to the constructor. When nobody watches, publishing
 * costs one volatile read.
 *
 * @since 0.1
 */
public final class WatchHub {

    /** How many undelivered events a subscriber may have before it is failed with an overflow error. */
    public static final ConfigProperty<Long> BUFFER_SIZE = ConfigProperty.ofLong("kv.watch.bufferSize", 4096, 1,
            1 << 24, "Events buffered per watch subscriber before it fails with a WATCH_OVERFLOW error");

    private static final int STRIPES = 64;
    private static final Executor SHARED_EXECUTOR = sharedExecutor();
    private static final EventSubscription[] NONE = new EventSubscription[0];

    private final String rd;
    private final int bufferSize;
    private final Executor executor;
    private final Object[] locks = new Object[STRIPES];
    private final ConcurrentHashMap<String, EventSubscription[]> subscriptions = new ConcurrentHashMap<>();
    private final AtomicInteger subscriberCount = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean closed;

    /**
     * A hub delivering on the shared pool, with the buffer size from {@code config}.
     *
     * @param rd     the store's resource descriptor
     * @param config the configuration the store was opened with
     */
    public WatchHub(String rd, KvConfig config) {
        this(rd, Math.toIntExact(BUFFER_SIZE.from(config)), SHARED_EXECUTOR);
    }

    /**
     * A hub delivering on the shared pool, with an explicit buffer size.
     *
     * @param rd         the store's resource descriptor
     * @param bufferSize events buffered per subscriber, at least 1
     */
    public WatchHub(String rd, int bufferSize) {
        this(rd, bufferSize, SHARED_EXECUTOR);
    }

    /**
     * A hub with an explicit buffer size and executor.
     *
     * @param rd         the store's resource descriptor
     * @param bufferSize events buffered per subscriber, at least 1
     * @param executor   runs deliveries; must not run tasks on the calling thread if writers must not wait
     */
    public WatchHub(String rd, int bufferSize, Executor executor) {
        this.rd = Objects.requireNonNull(rd, "rd");
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize must be at least 1, was " + bufferSize);
        }
        this.bufferSize = bufferSize;
        this.executor = Objects.requireNonNull(executor, "executor");
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * The resource descriptor of the store this hub serves.
     *
     * @return the rd
     */
    public String rd() {
        return rd;
    }

    /**
     * Whether anyone watches {@code key}. Cheap: one volatile read when nobody watches anything.
     *
     * @param key the key
     * @return {@code true} if at least one live subscription watches it
     */
    public boolean isWatched(String key) {
        return subscriberCount.get() != 0 && subscriptions.containsKey(key);
    }

    /**
     * The number of live subscriptions, over all keys.
     *
     * @return the count
     */
    public int subscriberCount() {
        return subscriberCount.get();
    }

    /**
     * The lock that orders changes to {@code key} with their events. Hold it while applying a change and
     * publishing its event.
     *
     * @param key the key
     * @return a monitor shared by a fixed stripe of keys
     */
    public Object lockFor(String key) {
        int h = key.hashCode();
        return locks[(h ^ (h >>> 16)) & (STRIPES - 1)];
    }

    /**
     * Delivers an event for {@code key} to its watchers. The caller holds {@link #lockFor(String) lockFor(key)}.
     *
     * @param key     the key that changed
     * @param kind    what happened
     * @param payload the new value for {@code SET}, {@code null} otherwise
     * @return the event's sequence number, or 0 if nobody watches the key
     */
    public long publish(String key, KvEvent.Kind kind, Payload payload) {
        return publish(key, kind, payload, 0);
    }

    /**
     * Delivers an event for {@code key} with the sequence number the provider gives, such as the key's revision
     * on a server, so that watchers in every process see the same number for the same change. A store either
     * always gives sequence numbers or never does (the hub's own count would not fit between them); the caller
     * holds {@link #lockFor(String) lockFor(key)}.
     *
     * @param key      the key that changed
     * @param kind     what happened
     * @param payload  the new value for {@code SET}, {@code null} otherwise
     * @param sequence above every sequence number given for {@code key} before (SPEC.md WATCH-3), or 0 to have
     *                 the hub number the event itself
     * @return the event's sequence number, or 0 if nobody watches the key
     */
    public long publish(String key, KvEvent.Kind kind, Payload payload, long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence " + sequence + " of key " + Diagnostics.quote(key)
                    + " is negative");
        }
        EventSubscription[] watchers = subscriptions.get(key);
        if (watchers == null) {
            return 0;
        }
        long seq = sequence > 0 ? sequence : this.sequence.incrementAndGet();
        KvEvent event = new KvEvent(key, kind, payload, seq);
        for (EventSubscription s : watchers) {
            s.offer(event);
        }
        return seq;
    }

    /**
     * Subscribes to {@code key}. Sends {@code onSubscribe} on the calling thread; events for writes that
     * start after this method returns are delivered.
     *
     * @param key        the key
     * @param subscriber the subscriber
     * @param onEnd      called once when the subscription ends, for whatever reason
     * @return the subscription, so the handle can complete it on close
     */
    EventSubscription subscribe(String key, Flow.Subscriber<? super KvEvent> subscriber,
                                Consumer<EventSubscription> onEnd) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (Reactive Streams rule 1.9)");
        EventSubscription s = new EventSubscription(subscriber, executor, bufferSize, rd, key, ended -> {
            remove(ended);
            onEnd.accept(ended);
        });
        s.start();
        if (s.isDone()) {
            return s;
        }
        subscriptions.compute(key, (k, current) -> {
            EventSubscription[] base = current == null ? NONE : current;
            EventSubscription[] next = Arrays.copyOf(base, base.length + 1);
            next[base.length] = s;
            return next;
        });
        subscriberCount.incrementAndGet();
        if (closed || s.isDone()) {
            s.complete();
            remove(s);
        }
        return s;
    }

    private void remove(EventSubscription s) {
        boolean[] removed = new boolean[1];
        subscriptions.computeIfPresent(s.key(), (k, current) -> {
            int i = Arrays.asList(current).indexOf(s);
            if (i < 0) {
                return current;
            }
            removed[0] = true;
            if (current.length == 1) {
                return null;
            }
            EventSubscription[] next = new EventSubscription[current.length - 1];
            System.arraycopy(current, 0, next, 0, i);
            System.arraycopy(current, i + 1, next, i, current.length - i - 1);
            return next;
        });
        if (removed[0]) {
            subscriberCount.decrementAndGet();
        }
    }

    /**
     * Completes every subscription: the store is gone (its last handle closed). Later subscriptions complete
     * at once.
     */
    public void close() {
        closed = true;
        for (EventSubscription[] watchers : subscriptions.values()) {
            for (EventSubscription s : watchers) {
                s.complete();
            }
        }
    }

    private static Executor sharedExecutor() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> NamedDaemons.thread(r, "kv-watch-" + n.incrementAndGet()));
        return pool;
    }
}
