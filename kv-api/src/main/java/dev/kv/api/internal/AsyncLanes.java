package dev.kv.api.internal;

import dev.kv.api.KvException;
import dev.kv.api.spi.Diagnostics;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The executor behind the default asynchronous view: blocking store calls run on a fixed number of lanes, each
 * one daemon thread ({@code kv-async-N}) with a bounded queue, and a key always goes to the same lane, so the
 * operations on one key run one at a time in the order they were submitted (ASYNC-4) without a lock per key.
 * The lane completes the future itself, but callers' stages run on a second set of threads
 * ({@code kv-async-callback-N}, as many as callbacks are in progress, idle ones ending after 30 s; see
 * {@link CallbackFuture}), never on a lane: a callback that blocks, or waits for another operation of the same
 * lane, would otherwise stall or deadlock every key of that lane (ASYNC-6). A caller waiting in {@code join}
 * is woken by the lane directly.
 *
 * <p>Threads start on demand. While some open handle holds the lanes ({@link #acquire()}), an idle lane thread
 * stays 30 s; once the last holder has released them, lane threads end as soon as their queues are empty.
 */
public final class AsyncLanes {

    /** System property: number of lanes (threads running blocking calls). */
    public static final String THREADS_PROPERTY = "kv.async.threads";
    /** System property: operations waiting per lane before further ones are refused. */
    public static final String QUEUE_PROPERTY = "kv.async.queueSize";

    private static final long IDLE_MILLIS = 30_000;
    private static final AsyncLanes SHARED = new AsyncLanes(positive(THREADS_PROPERTY,
            Math.min(16, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()))),
            positive(QUEUE_PROPERTY, 1024));

    private final Lane[] lanes;
    private final int queueSize;
    private final AtomicInteger holders = new AtomicInteger();
    private final Executor callbacks;

    AsyncLanes(int threads, int queueSize) {
        this.queueSize = queueSize;
        this.lanes = new Lane[threads];
        for (int i = 0; i < threads; i++) {
            lanes[i] = new Lane("kv-async-" + i, queueSize);
        }
        // Grows instead of queueing: a callback that blocks then holds up only itself, never the completion of
        // other futures. Quick callbacks reuse the idle threads, so the count follows the callbacks in progress.
        this.callbacks = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_MILLIS, TimeUnit.MILLISECONDS,
                new SynchronousQueue<>(), new NamedDaemons("kv-async-callback-"));
    }

    /** @return the lanes every default asynchronous view of this JVM uses */
    public static AsyncLanes shared() {
        return SHARED;
    }

    /** Marks the lanes as in use by one more open handle. */
    public void acquire() {
        holders.incrementAndGet();
    }

    /** Undoes one {@link #acquire()}; after the last, idle lane threads end at once. */
    public void release() {
        if (holders.decrementAndGet() == 0) {
            for (Lane lane : lanes) {
                lane.wake();
            }
        }
    }

    /**
     * A future whose stages, attached before it completes, run on the completion threads (ASYNC-6), so that any
     * thread, a provider's I/O thread included, may complete it.
     *
     * @param <T> its result type
     * @return a new incomplete future
     */
    public <T> CompletableFuture<T> newFuture() {
        return new CallbackFuture<>(callbacks);
    }

    /** @return the completion threads ({@code kv-async-callback-N}) */
    public Executor callbacks() {
        return callbacks;
    }

    /**
     * Runs {@code operation} on the lane of {@code key}.
     *
     * @param store     the store's name, for the message when the lane is full
     * @param key       the key the operation is about; may be null (the operation then reports it)
     * @param operation the blocking call
     * @param <T>       its result type
     * @return a future completed, on a callback thread, with the call's result or exception; if it is cancelled
     *         before the call started, the call does not run
     */
    public <T> CompletableFuture<T> submit(String store, String key, Supplier<T> operation) {
        CompletableFuture<T> future = new CallbackFuture<>(callbacks);
        Lane lane = lanes[key == null ? 0 : Math.floorMod(spread(key.hashCode()), lanes.length)];
        Runnable task = () -> {
            if (future.isDone()) {
                return; // cancelled before it started: the operation is not applied
            }
            // completed here, on the lane: CallbackFuture moves every caller's stage to the completion threads
            try {
                future.complete(operation.get());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        };
        if (!lane.offer(task)) {
            future.completeExceptionally(KvException.of(KvException.Reason.STORAGE, "store "
                    + Diagnostics.quote(store) + ": " + queueSize + " asynchronous operations are already waiting on"
                    + " the lane of key " + Diagnostics.quote(key) + "; wait for some to complete, or raise "
                    + QUEUE_PROPERTY));
        }
        return future;
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) * 0x9E3779B9;
    }

    private static int positive(String property, int fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.getLogger(AsyncLanes.class.getName()).log(System.Logger.Level.WARNING,
                "system property " + property + "=" + Diagnostics.quote(value) + " is not a positive integer; using "
                        + fallback);
        return fallback;
    }

    /** One thread, started on demand, draining one bounded queue in order. */
    private final class Lane implements Runnable {
        private final String name;
        private final ArrayBlockingQueue<Runnable> queue;
        private final AtomicBoolean running = new AtomicBoolean();

        Lane(String name, int capacity) {
            this.name = name;
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        boolean offer(Runnable task) {
            if (!queue.offer(task)) {
                return false;
            }
            startIfIdle();
            return true;
        }

        void wake() {
            if (running.get()) {
                queue.offer(() -> { });
            }
        }

        private void startIfIdle() {
            if (running.compareAndSet(false, true)) {
                NamedDaemons.thread(this, name).start();
            }
        }

        @Override
        public void run() {
            while (true) {
                Runnable task;
                try {
                    task = holders.get() > 0 ? queue.poll(IDLE_MILLIS, TimeUnit.MILLISECONDS) : queue.poll();
                } catch (InterruptedException e) {
                    task = null;
                }
                if (task == null) {
                    running.set(false);
                    // a task offered after the poll and before the flag was cleared found the thread running
                    if (queue.isEmpty() || !running.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                task.run();
            }
        }
    }
}
