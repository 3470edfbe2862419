package dev.kv.bench;

import dev.kv.api.Kv;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
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

/**
 * The {@code redis} provider against raw Lettuce on the same server, in one run: the raw side is what a team
 * hand-rolling the store would write, one connection with synchronous {@code GET} and {@code SET} of plain string
 * keys (prefixed {@code raw:}); the kv side is the provider's handle, whose {@code get} is one {@code HGET} and
 * whose {@code set} one script ({@code EVALSHA}) that also bumps the key's revision and announces the change to
 * watchers. Both sides pipeline the calls of all benchmark threads on one connection, as Lettuce does.
 *
 * <p>The server is {@code -p uri=redis://host:port}; left empty, the benchmark starts a {@code redis-server} of its
 * own (from the {@code PATH}, nothing saved to disk) on a free loopback port and stops it afterwards. The
 * ceiling, {@code redis-benchmark} against the same server, is run by {@code run.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RedisBench {

    /** Payload size in bytes. */
    @Param({"16", "1024", "65536"})
    public int payload;

    /** The server; empty: start one. */
    @Param({""})
    public String uri;

    private Data data;
    private RedisServerProcess server;
    private KvStore store;
    private RedisClient client;
    private StatefulRedisConnection<byte[], byte[]> connection;
    private RedisCommands<byte[], byte[]> raw;
    private byte[][] rawKeys;
    private byte[][] rawMissingKeys;

    /** Creates the state; JMH calls {@link #setUp}. */
    public RedisBench() {
    }

    /** Starts or reaches the server, opens both sides and writes every key on each. */
    @Setup(Level.Trial)
    public void setUp() {
        data = new Data(payload);
        String at = uri;
        if (at.isEmpty()) {
            server = RedisServerProcess.start();
            at = server.uri();
        }
        store = Kv.builder().provider("redis")
                .set("kv.metrics.enabled", "false")
                .set("kv.redis.uri", at)
                .set("kv.redis.namespace", "bench")
                .open("bench-redis");
        client = RedisClient.create(at);
        connection = client.connect(ByteArrayCodec.INSTANCE);
        raw = connection.sync();
        rawKeys = new byte[Data.KEYS][];
        rawMissingKeys = new byte[Data.KEYS][];
        for (int i = 0; i < Data.KEYS; i++) {
            rawKeys[i] = Data.utf8("raw:" + data.keys[i]);
            rawMissingKeys[i] = Data.utf8("raw:" + data.missingKeys[i]);
            store.set(data.keys[i], data.payloads[i & (Data.VALUES - 1)]);
            raw.set(rawKeys[i], data.values[i & (Data.VALUES - 1)]);
        }
    }

    /** Closes both sides and stops the server it started. */
    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            connection.close();
            client.shutdown();
            store.close();
        } finally {
            if (server != null) {
                server.stop();
            }
        }
    }

    /**
     * The seed's {@code get} of a present key: one {@code HGET}.
     *
     * @param c the thread's cursor
     * @return the value
     */
    @Benchmark
    public Payload kvGetHit(Cursor c) {
        return store.get(data.keys[c.key()]);
    }

    /**
     * {@code GET} of a present key.
     *
     * @param c the thread's cursor
     * @return the value
     */
    @Benchmark
    public byte[] rawGetHit(Cursor c) {
        return raw.get(rawKeys[c.key()]);
    }

    /**
     * {@code find} of a key that was never written.
     *
     * @param c the thread's cursor
     * @return empty
     */
    @Benchmark
    public Optional<Payload> kvFindMiss(Cursor c) {
        return store.find(data.missingKeys[c.key()]);
    }

    /**
     * {@code GET} of a key that was never written.
     *
     * @param c the thread's cursor
     * @return null
     */
    @Benchmark
    public byte[] rawGetMiss(Cursor c) {
        return raw.get(rawMissingKeys[c.key()]);
    }

    /**
     * {@code set} of a present key to another value: one script (value, revision, announcement).
     *
     * @param c the thread's cursor
     */
    @Benchmark
    public void kvSet(Cursor c) {
        store.set(data.keys[c.key()], data.payloads[c.value()]);
    }

    /**
     * {@code SET} of a present key to another value.
     *
     * @param c the thread's cursor
     * @return the server's reply
     */
    @Benchmark
    public String rawSet(Cursor c) {
        return raw.set(rawKeys[c.key()], data.values[c.value()]);
    }
}
