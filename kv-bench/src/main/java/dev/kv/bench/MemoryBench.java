package dev.kv.bench;

import com.github.benmanes.caffeine.cache.Cache;
import dev.kv.api.Kv;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.micrometer.KvMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The {@code memory} provider against raw Caffeine: the raw side is the very cache the provider uses
 * ({@code store.unwrap(Cache.class)}), so weigher, bound, statistics and listener are identical, and both sides
 * read and write the same entries with the same {@link Payload} objects.
 *
 * <p>Methods come in pairs, {@code kvX} and {@code rawX}; their ratio is the provider's overhead. The plain
 * handle is opened with {@code kv.metrics.enabled=false}, so kv-micrometer's automatic decorator (present on this
 * class path) does not wrap it; {@link #meteredGetHit} and {@link #meteredEveryCallGetHit} measure instrumented
 * handles on purpose.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MemoryBench {

    /** Payload size in bytes. */
    @Param({"16", "1024", "65536"})
    public int payload;

    private Data data;
    private KvStore store;
    private KvStore metered;
    private KvStore meteredEveryCall;
    private Cache<String, Payload> cache;

    /** Creates the state; JMH calls {@link #setUp}. */
    public MemoryBench() {
    }

    /** Opens the store, finds its cache and writes every key. */
    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        data = new Data(payload);
        store = Kv.builder().provider("memory")
                .set("kv.metrics.enabled", "false")
                // Room for every key at the largest payload, so nothing is evicted while measuring.
                .set("kv.memory.maximumBytes", "1GiB")
                .open("bench-memory");
        if (store.getClass().getName().contains("Instrumented")) {
            throw new IllegalStateException("the plain handle is instrumented: " + store.getClass());
        }
        cache = store.unwrap(Cache.class);
        metered = KvMetrics.monitor(new SimpleMeterRegistry(), store);
        // A registry of its own: handles of one store in one registry with the same tags must share a rate.
        meteredEveryCall = KvMetrics.with(new SimpleMeterRegistry()).sampleEvery(1).monitor(store);
        for (int i = 0; i < Data.KEYS; i++) {
            store.set(data.keys[i], data.payloads[i & (Data.VALUES - 1)]);
        }
    }

    /** Closes the store (which discards its data). */
    @TearDown(Level.Trial)
    public void tearDown() {
        meteredEveryCall.close();
        metered.close();
        store.close();
    }

    // ------------------------------------------------------------------ get hit

    /**
     * The seed's {@code get} of a present key.
     *
     * @param c the thread's cursor
     * @return the value
     */
    @Benchmark
    public Payload kvGetHit(Cursor c) {
        return store.get(data.keys[c.key()]);
    }

    /**
     * {@code getIfPresent} of a present key.
     *
     * @param c the thread's cursor
     * @return the value
     */
    @Benchmark
    public Payload rawGetHit(Cursor c) {
        return cache.getIfPresent(data.keys[c.key()]);
    }

    /**
     * {@code get} of a present key through a handle instrumented with {@link KvMetrics#monitor} into a
     * {@link SimpleMeterRegistry}, with the default options (every call counted, 1 in
     * {@value KvMetrics#DEFAULT_SAMPLE_EVERY} timed); compare with {@link #kvGetHit}.
     *
     * @param c the thread's cursor
     * @return the value
     */
    @Benchmark
    public Payload meteredGetHit(Cursor c) {
        return metered.get(data.keys[c.key()]);
    }

    /**
     * {@code get} of a present key through a handle that times every call ({@code sampleEvery(1)}): the cost of
     * timing itself, which the default sampling spreads over many calls; compare with {@link #meteredGetHit}.
     *
     * @param c the thread's cursor
     * @return the value
     */
    @Benchmark
    public Payload meteredEveryCallGetHit(Cursor c) {
        return meteredEveryCall.get(data.keys[c.key()]);
    }

    // ------------------------------------------------------------------ get miss

    /**
     * {@code find} of a missing key: the everyday miss.
     *
     * @param c the thread's cursor
     * @return the empty result
     */
    @Benchmark
    public Optional<Payload> kvFindMiss(Cursor c) {
        return store.find(data.missingKeys[c.key()]);
    }

    /**
     * The seed's {@code get} of a missing key, which throws {@code NOT_FOUND} (without a stack trace).
     *
     * @param c the thread's cursor
     * @return the exception
     */
    @Benchmark
    public Object kvGetMissThrows(Cursor c) {
        try {
            return store.get(data.missingKeys[c.key()]);
        } catch (KvException e) {
            return e;
        }
    }

    /**
     * {@code getIfPresent} of a missing key.
     *
     * @param c the thread's cursor
     * @return null
     */
    @Benchmark
    public Payload rawGetMiss(Cursor c) {
        return cache.getIfPresent(data.missingKeys[c.key()]);
    }

    // ------------------------------------------------------------------ set (overwrite)

    /**
     * {@code set} of a present key to another value.
     *
     * @param c the thread's cursor
     */
    @Benchmark
    public void kvSet(Cursor c) {
        store.set(data.keys[c.key()], data.payloads[c.value()]);
    }

    /**
     * {@code put} of a present key to another value.
     *
     * @param c the thread's cursor
     */
    @Benchmark
    public void rawSet(Cursor c) {
        cache.put(data.keys[c.key()], data.payloads[c.value()]);
    }

    // ------------------------------------------------------------------ delete then set

    /**
     * {@code delete} then {@code set} of the same key: a removal and an insertion.
     *
     * @param c the thread's cursor
     */
    @Benchmark
    public void kvDeleteSet(Cursor c) {
        String key = data.keys[c.key()];
        store.delete(key);
        store.set(key, data.payloads[c.value()]);
    }

    /**
     * {@code invalidate} then {@code put} of the same key.
     *
     * @param c the thread's cursor
     */
    @Benchmark
    public void rawDeleteSet(Cursor c) {
        String key = data.keys[c.key()];
        cache.invalidate(key);
        cache.put(key, data.payloads[c.value()]);
    }

    // ------------------------------------------------------------------ 90/10 mix

    /**
     * Nine {@code get}s of present keys for every {@code set}.
     *
     * @param c  the thread's cursor
     * @param bh swallows the reads
     */
    @Benchmark
    public void kvMix90(Cursor c, Blackhole bh) {
        if (c.writeTurn()) {
            store.set(data.keys[c.key()], data.payloads[c.value()]);
        } else {
            bh.consume(store.get(data.keys[c.key()]));
        }
    }

    /**
     * Nine {@code getIfPresent}s for every {@code put}.
     *
     * @param c  the thread's cursor
     * @param bh swallows the reads
     */
    @Benchmark
    public void rawMix90(Cursor c, Blackhole bh) {
        if (c.writeTurn()) {
            cache.put(data.keys[c.key()], data.payloads[c.value()]);
        } else {
            bh.consume(cache.getIfPresent(data.keys[c.key()]));
        }
    }
}
