package dev.kv.provider.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.Payload;
import dev.kv.api.spi.Diagnostics;
import dev.kv.api.spi.Utf8;
import dev.kv.api.spi.WatchHub;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One memory store: the Caffeine cache and watch hub that every handle opened with its name shares, until the
 * last of them closes.
 *
 * <h2>How evictions and expiries reach watchers in order</h2>
 *
 * <p>Writes through kv publish their event holding {@link WatchHub#lockFor(String)} for the key (done by
 * {@code AbstractKvStore}). Caffeine removes evicted and expired entries inside its own atomic operation on
 * the key, holding the cache's eviction lock and the hash bin's lock, and calls the eviction listener there.
 * Taking the hub's key lock in the listener would invert that order against a writer that holds the key lock
 * and then enters the cache (a deadlock), so the listener only records the removal, per key, and a drain task
 * on another thread publishes it later under the key lock.
 *
 * <p>That alone could publish an old removal after a later {@code SET} of the same key. So every writer of a
 * watched key, while it holds the key lock ({@code AbstractKvStore} calls the {@code ...Watched} methods then),
 * first publishes the key's recorded removals, and does so inside
 * Caffeine's {@code compute} of the key, where no eviction of that key can run concurrently: every removal
 * recorded by then happened before the write, and any removal of the value it writes is recorded afterwards
 * and published, after the write's own event, by whoever next holds the key lock. Each watcher thus sees a
 * key's {@code SET}, {@code DELETE}, {@code EVICT} and {@code EXPIRE} events in the order they took effect.
 *
 * <p>Unwatched keys record nothing: with no subscriber in the store, the listener costs one volatile read.
 * The price is one narrow window: if the first watch of a key begins while Caffeine is removing that key's
 * entry, and a write of the key that started before the watch is still finishing, that write's catch-up event
 * (published by {@code AbstractKvStore} after a fresh read) may show the value being removed and the removal
 * goes unreported. Recording every eviction would close it at a cost on every unwatched write at capacity.
 */
final class SharedCache {

    private static final System.Logger LOG = System.getLogger("dev.kv.provider.memory");
    private static final Executor DRAIN_EXECUTOR = drainExecutor();

    private final String name;
    private final MemorySettings settings;
    private final WatchHub hub;
    private final Cache<String, Payload> cache;
    private final ConcurrentMap<String, Payload> map;

    /** Removals Caffeine made of watched keys whose events are not published yet, oldest first per key. */
    private final ConcurrentHashMap<String, ArrayDeque<KvEvent.Kind>> pendingRemovals = new ConcurrentHashMap<>();
    private final Queue<String> keysToDrain = new ConcurrentLinkedQueue<>();
    private final AtomicInteger drainWork = new AtomicInteger();

    SharedCache(String name, MemorySettings settings, MemoryKvProvider.Tuning tuning) {
        this.name = name;
        this.settings = settings;
        this.hub = new WatchHub("memory:" + name, settings.watchBufferSize());
        Caffeine<String, Payload> builder = Caffeine.newBuilder()
                .maximumWeight(settings.maximumBytes())
                .weigher((String key, Payload value) -> weight(key, value))
                .evictionListener((String key, Payload value, RemovalCause cause) -> recordRemoval(key, cause))
                .ticker(tuning.ticker());
        if (tuning.cacheExecutor() != null) {
            builder.executor(tuning.cacheExecutor());
        }
        if (settings.expireAfterWrite() != null) {
            builder.expireAfterWrite(settings.expireAfterWrite());
        }
        if (settings.expireAfterAccess() != null) {
            builder.expireAfterAccess(settings.expireAfterAccess());
        }
        if (settings.expires()) {
            // Without a scheduler an expired entry leaves only when the cache is next used, and its watchers
            // would wait for their EXPIRE event until then.
            builder.scheduler(tuning.scheduler());
        }
        if (settings.recordStats()) {
            builder.recordStats();
        }
        this.cache = builder.build();
        this.map = cache.asMap();
        LOG.log(Level.DEBUG, () -> "memory store " + Diagnostics.quote(name) + " opened with " + settings);
        if (settings.maximumBytes() < (long) settings.maximumPayloadBytes() + MemorySettings.MAXIMUM_KEY_BYTES) {
            LOG.log(Level.INFO, () -> "memory store " + Diagnostics.quote(name) + ": " + MemorySettings.MAXIMUM_BYTES.name()
                    + " (" + settings.maximumBytes() + ") is less than the largest entry it declares ("
                    + MemorySettings.MAXIMUM_PAYLOAD_BYTES.name() + " " + settings.maximumPayloadBytes() + " + "
                    + MemorySettings.MAXIMUM_KEY_BYTES + " key bytes); larger entries fail with CAPACITY_EXCEEDED");
        }
    }

    String name() {
        return name;
    }

    MemorySettings settings() {
        return settings;
    }

    WatchHub hub() {
        return hub;
    }

    Cache<String, Payload> cache() {
        return cache;
    }

    /** The bytes held, counted as {@link #weight} counts them (after the cache's pending maintenance). */
    long weightedSize() {
        cache.cleanUp();
        return cache.policy().eviction().orElseThrow().weightedSize().orElseThrow();
    }

    /**
     * The weight of an entry: its key's UTF-8 length plus its payload's size. JVM object overhead is not
     * counted; the bound is on the data users put in.
     */
    static int weight(String key, Payload value) {
        return Utf8.encodedLength(key) + value.size();
    }

    Payload read(String key) {
        return cache.getIfPresent(key);
    }

    /**
     * The read of a watched key that {@code AbstractKvStore} publishes as the key's state when its first watch
     * began; the caller holds the key lock, so the removals recorded before it go first.
     */
    Payload readWatched(String key) {
        publishRecordedRemovals(key);
        return cache.getIfPresent(key);
    }

    void write(String key, Payload value) {
        checkCapacity(key, value);
        cache.put(key, value);
    }

    /** A write of a watched key; the caller holds the key lock (see the class comment). */
    void writeWatched(String key, Payload value) {
        checkCapacity(key, value);
        map.compute(key, (k, old) -> {
            publishRecordedRemovals(k);
            return value;
        });
    }

    boolean remove(String key) {
        return map.remove(key) != null;
    }

    /** A removal of a watched key; the caller holds the key lock (see the class comment). */
    boolean removeWatched(String key) {
        boolean[] removed = new boolean[1];
        map.compute(key, (k, old) -> {
            publishRecordedRemovals(k);
            removed[0] = old != null;
            return null;
        });
        return removed[0];
    }

    private void checkCapacity(String key, Payload value) {
        // A key of n UTF-16 units has at most 3n UTF-8 bytes: most entries are decided without counting them
        // (Caffeine's weigher counts them once more anyway).
        if (3L * key.length() + value.size() <= settings.maximumBytes()) {
            return;
        }
        int weight = weight(key, value);
        if (weight > settings.maximumBytes()) {
            throw KvException.of(KvException.Reason.CAPACITY_EXCEEDED, "entry for key " + Diagnostics.quote(key) + " ("
                    + weight + " bytes: key in UTF-8 plus payload) is larger than memory store " + Diagnostics.quote(name)
                    + " can hold (" + MemorySettings.MAXIMUM_BYTES.name() + " = " + settings.maximumBytes()
                    + " bytes); the previous value is unchanged");
        }
    }

    /** Discards the data and ends every watch: the last handle closed (SPEC.md CLOSE-5). */
    void close() {
        hub.close();
        cache.invalidateAll();
        cache.cleanUp();
        pendingRemovals.clear();
        LOG.log(Level.DEBUG, () -> "memory store " + Diagnostics.quote(name) + " closed; its data is discarded");
    }

    /** Caffeine's eviction listener: runs inside Caffeine's atomic removal of {@code key}; must not block. */
    private void recordRemoval(String key, RemovalCause cause) {
        if (key == null || !cause.wasEvicted() || !hub.isWatched(key)) {
            return;
        }
        KvEvent.Kind kind = cause == RemovalCause.EXPIRED ? KvEvent.Kind.EXPIRE : KvEvent.Kind.EVICT;
        pendingRemovals.compute(key, (k, kinds) -> {
            ArrayDeque<KvEvent.Kind> q = kinds == null ? new ArrayDeque<>(2) : kinds;
            q.add(kind);
            return q;
        });
        keysToDrain.add(key);
        if (drainWork.getAndIncrement() == 0) {
            DRAIN_EXECUTOR.execute(this::drain);
        }
    }

    /** Publishes recorded removals, one key at a time under its lock. Runs on one drain thread at a time. */
    private void drain() {
        int missed = 1;
        while (true) {
            String key;
            while ((key = keysToDrain.poll()) != null) {
                try {
                    synchronized (hub.lockFor(key)) {
                        publishRecordedRemovals(key);
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "memory store " + Diagnostics.quote(name) + ": publishing the removal of key "
                            + Diagnostics.quote(key) + " failed", e);
                }
            }
            missed = drainWork.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /** The caller holds {@code hub.lockFor(key)}. */
    private void publishRecordedRemovals(String key) {
        ArrayDeque<KvEvent.Kind> kinds = pendingRemovals.remove(key);
        if (kinds != null) {
            for (KvEvent.Kind kind : kinds) {
                hub.publish(key, kind, null);
            }
        }
    }

    private static Executor drainExecutor() {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "kv-memory-removals-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String toString() {
        return "SharedCache[" + hub.rd() + "]";
    }
}
