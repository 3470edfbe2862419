package dev.kv.tck.internal;

import static dev.kv.tck.internal.BasicChecks.expectValue;
import static dev.kv.tck.internal.BasicChecks.utf8;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.tck.internal.Linearizability.Kind;
import dev.kv.tck.internal.Linearizability.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** CONC and SET-2: threads contending on the same keys, with histories checked for linearizability. */
final class ConcurrencyChecks {

    private static final System.Logger LOG = System.getLogger("dev.kv.tck");

    private ConcurrencyChecks() {
    }

    static List<Check> checks() {
        return List.of(
                Check.of("CONC-1", "many threads on one handle and on several handles of one store",
                        ConcurrencyChecks::threadSafe),
                Check.of("SET-2", "a concurrent reader sees the whole old or the whole new value, never a mix",
                        ConcurrencyChecks::atomicSet),
                Check.of("CONC-2, VIS-1", "recorded histories of get, find, set and delete on contended keys are"
                        + " linearizable", ConcurrencyChecks::linearizable));
    }

    private static void threadSafe(TckContext ctx) throws Exception {
        String name = ctx.name("conc1");
        KvStore a = ctx.open(name);
        KvStore b = ctx.open(name);
        int threads = 8;
        int rounds = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                KvStore h = t % 2 == 0 ? a : b;
                fs.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        try {
                            h.set("own-" + id, utf8(id + ":" + i));
                            h.set("shared-" + (i % 4), utf8(id + ":" + i));
                            h.find("shared-" + ((i + 1) % 4));
                            if (i % 3 == 0) {
                                h.delete("shared-" + ((i + 2) % 4));
                            }
                            Payload own = h.get("own-" + id);
                            if (!own.equals(utf8(id + ":" + i))) {
                                failure.compareAndSet(null, new AssertionError("[CONC-1] thread " + id
                                        + " read back " + own.toUtf8() + " for its own key after writing " + id + ":" + i));
                            }
                        } catch (KvException | Error e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        if (failure.get() != null) {
            throw new AssertionError("[CONC-1] concurrent use of store " + Text.quote(name) + " failed: "
                    + failure.get(), failure.get());
        }
        for (int t = 0; t < threads; t++) {
            expectValue("CONC-1", a, "own-" + t, utf8(t + ":" + (rounds - 1)));
        }
    }

    private static void atomicSet(TckContext ctx) throws Exception {
        String name = ctx.name("set2");
        KvStore w = ctx.open(name);
        KvStore r = ctx.open(name);
        byte[] x = new byte[64 << 10];
        byte[] y = new byte[96 << 10];
        Arrays.fill(x, (byte) 'x');
        Arrays.fill(y, (byte) 'y');
        Payload px = Payload.copyOf(x);
        Payload py = Payload.copyOf(y);
        w.set("k", px);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> torn = new AtomicReference<>();
        Thread[] readers = new Thread[2];
        for (int i = 0; i < readers.length; i++) {
            KvStore h = i == 0 ? r : w;
            readers[i] = new Thread(() -> {
                while (!stop.get() && torn.get() == null) {
                    Payload p = h.find("k").orElse(null);
                    if (p == null) {
                        torn.compareAndSet(null, "no value at all (the key always has one)");
                    } else if (!p.equals(px) && !p.equals(py)) {
                        torn.compareAndSet(null, "size " + p.size() + ", " + count(p, 'x') + " x and " + count(p, 'y')
                                + " y bytes");
                    }
                }
            }, "kv-tck-reader-" + i);
            readers[i].start();
        }
        try {
            for (int i = 0; i < 600 && torn.get() == null; i++) {
                w.set("k", i % 2 == 0 ? py : px);
                w.set("k", (i % 2 == 0 ? y : x));
            }
        } finally {
            stop.set(true);
            for (Thread t : readers) {
                t.join();
            }
        }
        if (torn.get() != null) {
            fail("[SET-2] a reader of key 'k' in store " + Text.quote(name) + " saw a mix of two values: " + torn.get());
        }
    }

    private static int count(Payload p, char c) {
        int n = 0;
        for (int i = 0; i < p.size(); i++) {
            n += p.byteAt(i) == c ? 1 : 0;
        }
        return n;
    }

    private static void linearizable(TckContext ctx) throws Exception {
        String name = ctx.name("conc2");
        KvStore a = ctx.open(name);
        KvStore b = ctx.open(name);
        int threads = 4;
        int rounds = 25;
        int opsPerThread = 24;
        Random seeds = new Random(ModelChecks.baseSeed());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        int undecided = 0;
        try {
            for (int round = 0; round < rounds; round++) {
                String[] keys = {"r" + round + "-a", "r" + round + "-b"};
                Map<String, List<Op>> history = new ConcurrentHashMap<>();
                for (String k : keys) {
                    history.put(k, java.util.Collections.synchronizedList(new ArrayList<>()));
                }
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    long seed = seeds.nextLong();
                    KvStore h = t % 2 == 0 ? a : b;
                    int thisRound = round;
                    fs.add(pool.submit(() -> {
                        Random rnd = new Random(seed);
                        start.await();
                        for (int i = 0; i < opsPerThread; i++) {
                            String key = keys[rnd.nextInt(keys.length)];
                            int choice = rnd.nextInt(10);
                            long t0 = System.nanoTime();
                            Op op;
                            if (choice < 4) {
                                String v = "T" + id + "-" + thisRound + "-" + i;
                                h.set(key, utf8(v));
                                op = new Op(id, Kind.SET, v, t0, System.nanoTime());
                            } else if (choice < 5) {
                                h.delete(key);
                                op = new Op(id, Kind.DELETE, null, t0, System.nanoTime());
                            } else if (choice < 8) {
                                Optional<Payload> p = h.find(key);
                                op = new Op(id, Kind.READ, p.map(Payload::toUtf8).orElse(null), t0, System.nanoTime());
                            } else {
                                String v;
                                try {
                                    v = h.get(key).toUtf8();
                                } catch (KvException e) {
                                    if (e.reason() != KvException.Reason.NOT_FOUND) {
                                        throw e;
                                    }
                                    v = null;
                                }
                                op = new Op(id, Kind.READ, v, t0, System.nanoTime());
                            }
                            history.get(key).add(op);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
                for (String k : keys) {
                    List<Op> ops = new ArrayList<>(history.get(k));
                    Linearizability.Result result = Linearizability.check(ops);
                    if (result == Linearizability.Result.VIOLATION) {
                        ops.sort(java.util.Comparator.comparingLong(Op::invoked));
                        long t0 = ops.get(0).invoked();
                        StringBuilder sb = new StringBuilder();
                        for (Op op : ops) {
                            sb.append("\n  ").append(new Op(op.thread(), op.kind(), op.value(), op.invoked() - t0,
                                    op.returned() - t0));
                        }
                        fail("[CONC-2] the history of key " + Text.quote(k) + " in store " + Text.quote(name)
                                + " (" + ops.size() + " operations by " + threads + " threads through 2 handles,"
                                + " times in ns) has no linearization:" + sb);
                    }
                    if (result == Linearizability.Result.UNDECIDED) {
                        undecided++;
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        if (undecided > 0) {
            LOG.log(System.Logger.Level.INFO, "kv-tck: CONC-2: " + undecided + " histories too large to decide");
        }
    }
}
