package dev.kv.bench;

import dev.kv.api.AsyncKvStore;
import dev.kv.api.Kv;
import dev.kv.api.KvConfig;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The asynchronous view against the blocking one, on the same store: throughput of 64 calls in flight from one
 * thread against 16 blocking threads, and the cost per call of the default view (lanes and a completion thread)
 * against the blocking call it runs, one call at a time. Reported as operations per microsecond. For redis the
 * server is {@code -p uri=redis://host:port}, or, left empty, a {@code redis-server} the benchmark starts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AsyncBench {

    /** In flight per invocation of the pipelined benchmarks. */
    private static final int IN_FLIGHT = 64;

    /** The provider. */
    @Param({"memory", "chronicle", "redis"})
    public String provider;

    /** The redis server; empty: start one (only for {@code provider=redis}). */
    @Param({""})
    public String uri;

    /** Payload size in bytes. */
    @Param({"16"})
    public int payload;

    private Data data;
    private Path dir;
    private RedisServerProcess server;
    private KvStore store;
    private AsyncKvStore async;

    /** Creates the state; JMH calls {@link #setUp}. */
    public AsyncBench() {
    }

    /** Opens the store and writes every key. */
    @Setup(Level.Trial)
    public void setUp() {
        data = new Data(payload);
        KvConfig config = KvConfig.builder().set("kv.metrics.enabled", "false").build();
        if (provider.equals("chronicle")) {
            dir = TempDirs.create("kv-bench-async");
            config = ChronicleBench.config(dir, payload);
        } else if (provider.equals("redis")) {
            String at = uri;
            if (at.isEmpty()) {
                server = RedisServerProcess.start();
                at = server.uri();
            }
            config = config.with("kv.redis.uri", at).with("kv.redis.namespace", "bench-async");
        }
        store = Kv.builder().provider(provider).config(config).open("bench-async");
        async = store.async();
        for (int i = 0; i < Data.KEYS; i++) {
            store.set(data.keys[i], data.payloads[i & (Data.VALUES - 1)]);
        }
    }

    /** Closes the store and deletes its files. */
    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
        if (dir != null) {
            TempDirs.delete(dir);
        }
        if (server != null) {
            server.stop();
        }
    }

    /**
     * Blocking gets from 16 threads.
     *
     * @param c the thread's cursor
     * @return the value
     */
    @Benchmark
    @Threads(16)
    public Payload blockingGet16Threads(Cursor c) {
        return store.get(data.keys[c.key()]);
    }

    /**
     * 64 asynchronous gets in flight from one thread, then waiting for all.
     *
     * @param c    the thread's cursor
     * @param hole where the values go
     */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(IN_FLIGHT)
    public void asyncGet64InFlight(Cursor c, Blackhole hole) {
        @SuppressWarnings("unchecked")
        CompletableFuture<Payload>[] fs = new CompletableFuture[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            fs[i] = async.get(data.keys[c.key()]);
        }
        for (CompletableFuture<Payload> f : fs) {
            hole.consume(f.join());
        }
    }

    /**
     * One blocking get at a time, one thread: the base of the next.
     *
     * @param c the thread's cursor
     * @return the value
     */
    @Benchmark
    @Threads(1)
    public Payload blockingGet(Cursor c) {
        return store.get(data.keys[c.key()]);
    }

    /**
     * One asynchronous get at a time, waited for: the view's overhead per call.
     *
     * @param c the thread's cursor
     * @return the value
     */
    @Benchmark
    @Threads(1)
    public Payload asyncGetJoin(Cursor c) {
        return async.get(data.keys[c.key()]).join();
    }
}
