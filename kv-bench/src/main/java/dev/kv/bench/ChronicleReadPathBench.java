package dev.kv.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
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

/**
 * An experiment behind the chronicle get target, not a comparison of kv with anything: two ways to read an
 * entry in the chronicle provider's value layout (an 8-byte stamp, a tombstone flag, then the payload) from a
 * plain Chronicle Map sized like the provider's. {@link #queryContext} is what the provider's read does today
 * (a query context, read lock, header and payload read separately); {@link #getThenCopy} is {@code map.get},
 * Chronicle's optimised read, followed by a copy of the payload out of the returned array; {@link #getOnly} is
 * {@code map.get} alone, the raw baseline. The layout is copied from the provider's source (Backing.java); if
 * it changes, this experiment must follow.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChronicleReadPathBench {

    private static final int HEADER = 9;
    private static final byte TOMBSTONE = 1;

    /** Payload size in bytes. */
    @Param({"16", "1024", "65536"})
    public int payload;

    private Path dir;
    private ChronicleMap<byte[], byte[]> map;
    private final byte[][] keys = new byte[Data.KEYS][];

    /** Creates the state; JMH calls {@link #setUp}. */
    public ChronicleReadPathBench() {
    }

    /**
     * Creates the map and writes every key.
     *
     * @throws Exception if the map cannot be created
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = TempDirs.create("kv-bench-readpath");
        map = ChronicleMapBuilder.of(byte[].class, byte[].class)
                .entries(payload >= 32 << 10 ? 4 * Data.KEYS : 100_000)
                .averageKeySize(13)
                .averageValueSize(8 + Math.max(128, payload))
                .maxBloatFactor(10)
                .createPersistedTo(dir.resolve("readpath.cmap").toFile());
        Data data = new Data(payload);
        for (int i = 0; i < Data.KEYS; i++) {
            byte[] utf8 = Data.utf8(data.keys[i]);
            byte[] k = new byte[utf8.length + 1]; // the provider's user namespace: byte 0, then the key
            System.arraycopy(utf8, 0, k, 1, utf8.length);
            keys[i] = k;
            byte[] v = new byte[HEADER + payload];
            System.arraycopy(data.values[i & (Data.VALUES - 1)], 0, v, HEADER, payload);
            map.put(k, v);
        }
    }

    /** Closes the map and deletes its file. */
    @TearDown(Level.Trial)
    public void tearDown() {
        map.close();
        TempDirs.delete(dir);
    }

    /**
     * The provider's read today.
     *
     * @param c the thread's cursor
     * @return the payload bytes
     */
    @Benchmark
    public byte[] queryContext(Cursor c) {
        try (ExternalMapQueryContext<byte[], byte[], ?> q = map.queryContext(keys[c.key()])) {
            q.readLock().lock();
            MapEntry<byte[], byte[]> e = q.entry();
            if (e == null) {
                return null;
            }
            net.openhft.chronicle.hash.Data<byte[]> v = e.value();
            byte[] head = new byte[HEADER];
            v.bytes().read(v.offset(), head, 0, HEADER);
            if (head[8] == TOMBSTONE) {
                return null;
            }
            byte[] out = new byte[Math.toIntExact(v.size() - HEADER)];
            v.bytes().read(v.offset() + HEADER, out, 0, out.length);
            return out;
        }
    }

    /**
     * {@code map.get}, then the payload copied out.
     *
     * @param c the thread's cursor
     * @return the payload bytes
     */
    @Benchmark
    public byte[] getThenCopy(Cursor c) {
        byte[] v = map.get(keys[c.key()]);
        if (v == null || v[8] == TOMBSTONE) {
            return null;
        }
        return Arrays.copyOfRange(v, HEADER, v.length);
    }

    /**
     * {@code map.get} alone.
     *
     * @param c the thread's cursor
     * @return the stored bytes, header included
     */
    @Benchmark
    public byte[] getOnly(Cursor c) {
        return map.get(keys[c.key()]);
    }
}
