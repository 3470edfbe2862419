package dev.kv.bench;

import dev.kv.api.Kv;
import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.map.ChronicleMap;
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
 * The {@code chronicle} provider against raw Chronicle Map: the raw side is the very map the provider uses
 * ({@code store.unwrap(ChronicleMap.class)}), so sizing, file and segments are identical.
 *
 * <p>The provider keeps its entries under keys that start with byte 0 or 1; the raw side stores the plain UTF-8
 * of the same key strings (which start with {@code 'k'} or {@code 'n'}), so it never touches the provider's
 * entries, and values that are the plain payload bytes. Each raw operation encodes its key, as a user with
 * string keys would; {@code put} and {@code remove} are the {@link java.util.Map} methods, which also return
 * (and so copy out) the previous value, while the provider's writes use a query context and do not.
 *
 * <p>The store is sized for the benchmark where the provider lets it be: average key size 12 B, average payload
 * size the benchmark's but at least the default 128 B, entries the default 100000 for small payloads and 4096
 * for 64 KiB. Every store must accept a 1 MiB payload, and Chronicle's largest entry depends on its segment
 * sizing, so smaller averages or other entry counts fail at creation (see the provider's README on sizing).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChronicleBench {

    /** Payload size in bytes. */
    @Param({"16", "1024", "65536"})
    public int payload;

    private Data data;
    private Path dir;
    private KvStore store;
    private ChronicleMap<byte[], byte[]> map;

    /** Creates the state; JMH calls {@link #setUp}. */
    public ChronicleBench() {
    }

    /**
     * The configuration both this benchmark and the watch harness open Chronicle stores with.
     *
     * @param dir          the data directory
     * @param payloadBytes the payload size the store is sized for
     * @return the configuration
     */
    public static KvConfig config(Path dir, int payloadBytes) {
        return KvConfig.builder()
                .set("kv.metrics.enabled", "false")
                .set("kv.chronicle.dataDir", dir.toString())
                // Small payloads: the default entries (100000), since with few small entries Chronicle's
                // segments are too small for the 1 MiB payload every store must accept. 64 KiB payloads: sized
                // for the benchmark's keys, since 100000 such entries cannot hold a 1 MiB payload either.
                .set("kv.chronicle.entries", Integer.toString(payloadBytes >= 32 << 10 ? 4 * Data.KEYS : 100_000))
                .set("kv.chronicle.averageKeySize", "12B")
                // At least the default 128 B: sized for 16 B, a store's segments cannot hold the 1 MiB payload
                // that every store must accept (kv.chronicle.maxPayloadSize is at least 1 MiB).
                .set("kv.chronicle.averagePayloadSize", Math.max(128, payloadBytes) + "B")
                .set("kv.chronicle.maxPayloadSize", Math.max(1 << 20, payloadBytes) + "B")
                .build();
    }

    /** Creates the store in a fresh directory, finds its map, and writes every key on both sides. */
    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        data = new Data(payload);
        dir = TempDirs.create("kv-bench-chronicle");
        try {
            store = Kv.builder().provider("chronicle").config(config(dir, payload)).open("bench-chronicle");
        } catch (RuntimeException e) {
            TempDirs.delete(dir); // JMH skips the tear-down when the set-up fails
            throw e;
        }
        if (store.getClass().getName().contains("Instrumented")) {
            throw new IllegalStateException("the plain handle is instrumented: " + store.getClass());
        }
        map = store.unwrap(ChronicleMap.class);
        for (int i = 0; i < Data.KEYS; i++) {
            store.set(data.keys[i], data.payloads[i & (Data.VALUES - 1)]);
            map.put(Data.utf8(data.keys[i]), data.values[i & (Data.VALUES - 1)]);
        }
    }

    /** Closes the store and deletes its files. */
    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
        TempDirs.delete(dir);
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
     * {@code get} of a present key.
     *
     * @param c the thread's cursor
     * @return the value
     */
    @Benchmark
    public byte[] rawGetHit(Cursor c) {
        return map.get(Data.utf8(data.keys[c.key()]));
    }

    // ------------------------------------------------------------------ get miss

    /**
     * {@code find} of a missing key.
     *
     * @param c the thread's cursor
     * @return the empty result
     */
    @Benchmark
    public Optional<Payload> kvFindMiss(Cursor c) {
        return store.find(data.missingKeys[c.key()]);
    }

    /**
     * The seed's {@code get} of a missing key, which throws {@code NOT_FOUND}.
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
     * {@code get} of a missing key.
     *
     * @param c the thread's cursor
     * @return null
     */
    @Benchmark
    public byte[] rawGetMiss(Cursor c) {
        return map.get(Data.utf8(data.missingKeys[c.key()]));
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
     * @return the previous value, which {@code put} returns
     */
    @Benchmark
    public byte[] rawSet(Cursor c) {
        return map.put(Data.utf8(data.keys[c.key()]), data.values[c.value()]);
    }

    // ------------------------------------------------------------------ delete then set

    /**
     * {@code delete} then {@code set} of the same key.
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
     * {@code remove} then {@code put} of the same key.
     *
     * @param c  the thread's cursor
     * @param bh swallows the previous values the two calls return
     */
    @Benchmark
    public void rawDeleteSet(Cursor c, Blackhole bh) {
        byte[] key = Data.utf8(data.keys[c.key()]);
        bh.consume(map.remove(key));
        bh.consume(map.put(key, data.values[c.value()]));
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
     * Nine {@code get}s for every {@code put}.
     *
     * @param c  the thread's cursor
     * @param bh swallows the reads and the previous values
     */
    @Benchmark
    public void rawMix90(Cursor c, Blackhole bh) {
        if (c.writeTurn()) {
            bh.consume(map.put(Data.utf8(data.keys[c.key()]), data.values[c.value()]));
        } else {
            bh.consume(map.get(Data.utf8(data.keys[c.key()])));
        }
    }
}
