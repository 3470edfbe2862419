package dev.kv.bench;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;
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
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Persisted stores a user might pick instead of the {@code chronicle} provider, doing what
 * {@link ChronicleBench}'s {@code kv*} methods do with the same keys and values: string keys (encoded to UTF-8
 * where the store wants bytes), values returned as a fresh {@code byte[]} (what a kv {@code Payload} holds).
 *
 * <p>Each store runs with its defaults except where noted, chosen to match the provider's durability: data in
 * the OS page cache, safe from a process crash, not from power loss.
 * <ul>
 *   <li>{@code mvstore}: H2 MVStore, an {@code MVMap<String, byte[]>}, default background auto-commit (every
 *       second; a process crash can lose the last second of writes: weaker than the provider);</li>
 *   <li>{@code lmdb}: LMDB through lmdbjava, one transaction per operation, {@code MDB_NOSYNC} (without it
 *       every write waits for an fsync);</li>
 *   <li>{@code rocksdb}: RocksDB, default options (write-ahead log, no sync per write).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PeerBench {

    /** Which store. */
    @Param({"mvstore", "lmdb", "rocksdb"})
    public String store;

    /** Payload size in bytes. */
    @Param({"16", "1024", "65536"})
    public int payload;

    private Data data;
    private Path dir;
    private Peer peer;

    /** Creates the state; JMH calls {@link #setUp}. */
    public PeerBench() {
    }

    /**
     * Opens the store in a fresh directory and writes every key.
     *
     * @throws Exception if the store cannot be opened
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        data = new Data(payload);
        dir = TempDirs.create("kv-bench-" + store);
        switch (store) {
            case "mvstore":
                peer = new MvStorePeer(dir);
                break;
            case "lmdb":
                peer = new LmdbPeer(dir, payload);
                break;
            case "rocksdb":
                peer = new RocksPeer(dir);
                break;
            default:
                throw new IllegalArgumentException("unknown store " + store);
        }
        for (int i = 0; i < Data.KEYS; i++) {
            peer.put(data.keys[i], data.values[i & (Data.VALUES - 1)]);
        }
    }

    /**
     * Closes the store and deletes its files.
     *
     * @throws Exception if closing fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        peer.close();
        TempDirs.delete(dir);
    }

    /**
     * Reads a present key.
     *
     * @param c the thread's cursor
     * @return the value
     * @throws Exception if the store fails
     */
    @Benchmark
    public byte[] getHit(Cursor c) throws Exception {
        return peer.get(data.keys[c.key()]);
    }

    /**
     * Reads a missing key.
     *
     * @param c the thread's cursor
     * @return null
     * @throws Exception if the store fails
     */
    @Benchmark
    public byte[] getMiss(Cursor c) throws Exception {
        return peer.get(data.missingKeys[c.key()]);
    }

    /**
     * Overwrites a present key.
     *
     * @param c the thread's cursor
     * @throws Exception if the store fails
     */
    @Benchmark
    public void set(Cursor c) throws Exception {
        peer.put(data.keys[c.key()], data.values[c.value()]);
    }

    /**
     * Deletes a key, then writes it again.
     *
     * @param c the thread's cursor
     * @throws Exception if the store fails
     */
    @Benchmark
    public void deleteSet(Cursor c) throws Exception {
        String key = data.keys[c.key()];
        peer.delete(key);
        peer.put(key, data.values[c.value()]);
    }

    /**
     * Nine reads of present keys for every write.
     *
     * @param c  the thread's cursor
     * @param bh swallows the reads
     * @throws Exception if the store fails
     */
    @Benchmark
    public void mix90(Cursor c, Blackhole bh) throws Exception {
        if (c.writeTurn()) {
            peer.put(data.keys[c.key()], data.values[c.value()]);
        } else {
            bh.consume(peer.get(data.keys[c.key()]));
        }
    }

    /** The operations every peer store offers. */
    interface Peer extends AutoCloseable {
        byte[] get(String key) throws Exception;

        void put(String key, byte[] value) throws Exception;

        void delete(String key) throws Exception;
    }

    /** H2 MVStore with its defaults. */
    static final class MvStorePeer implements Peer {
        private final MVStore mv;
        private final MVMap<String, byte[]> map;

        MvStorePeer(Path dir) {
            mv = new MVStore.Builder().fileName(dir.resolve("bench.mv.db").toString()).open();
            map = mv.openMap("bench");
        }

        @Override
        public byte[] get(String key) {
            return map.get(key);
        }

        @Override
        public void put(String key, byte[] value) {
            map.put(key, value);
        }

        @Override
        public void delete(String key) {
            map.remove(key);
        }

        @Override
        public void close() {
            mv.close();
        }
    }

    /** LMDB, one transaction per operation, no fsync on commit. */
    static final class LmdbPeer implements Peer {
        private final Env<ByteBuffer> env;
        private final Dbi<ByteBuffer> db;
        /** Direct buffers per thread: LMDB reads keys and values from native memory. */
        private final ThreadLocal<ByteBuffer> keyBuffers;
        private final ThreadLocal<ByteBuffer> valueBuffers;

        LmdbPeer(Path dir, int payload) {
            env = Env.create()
                    .setMapSize(Math.max(256L << 20, 8L * Data.KEYS * (payload + 64)))
                    .setMaxDbs(1)
                    .setMaxReaders(64)
                    .open(dir.toFile(), EnvFlags.MDB_NOSYNC);
            db = env.openDbi("bench", DbiFlags.MDB_CREATE);
            keyBuffers = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(env.getMaxKeySize()));
            valueBuffers = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(payload));
        }

        private ByteBuffer key(String key) {
            ByteBuffer k = keyBuffers.get();
            k.clear();
            k.put(Data.utf8(key)).flip();
            return k;
        }

        @Override
        public byte[] get(String key) {
            ByteBuffer k = key(key);
            try (Txn<ByteBuffer> txn = env.txnRead()) {
                ByteBuffer v = db.get(txn, k);
                if (v == null) {
                    return null;
                }
                byte[] out = new byte[v.remaining()];
                v.get(out);
                return out;
            }
        }

        @Override
        public void put(String key, byte[] value) {
            ByteBuffer v = valueBuffers.get();
            v.clear();
            v.put(value).flip();
            db.put(key(key), v);
        }

        @Override
        public void delete(String key) {
            db.delete(key(key));
        }

        @Override
        public void close() {
            db.close();
            env.close();
        }
    }

    /** RocksDB with its default options. */
    static final class RocksPeer implements Peer {
        private final Options options;
        private final RocksDB db;

        RocksPeer(Path dir) throws RocksDBException {
            RocksDB.loadLibrary();
            options = new Options().setCreateIfMissing(true);
            db = RocksDB.open(options, dir.toString());
        }

        @Override
        public byte[] get(String key) throws RocksDBException {
            return db.get(Data.utf8(key));
        }

        @Override
        public void put(String key, byte[] value) throws RocksDBException {
            db.put(Data.utf8(key), value);
        }

        @Override
        public void delete(String key) throws RocksDBException {
            db.delete(Data.utf8(key));
        }

        @Override
        public void close() {
            db.close();
            options.close();
        }
    }
}
