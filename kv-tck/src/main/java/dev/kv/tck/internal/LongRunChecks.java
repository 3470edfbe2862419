package dev.kv.tck.internal;

import static dev.kv.tck.internal.BasicChecks.expectMissing;
import static dev.kv.tck.internal.BasicChecks.expectValue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvConfig;
import dev.kv.api.KvEvent;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Long runs: a store seeing tens of thousands of writes from many threads, subscribers seeing thousands of events,
 * and thousands of disjoint keys written at once (what an unsynchronised map loses).
 */
final class LongRunChecks {

    static final int WRITERS = 4;
    static final int WRITES_PER_WRITER = 6_000;
    static final int KEYS = 48;

    private LongRunChecks() {
    }

    static List<Check> checks() {
        return List.of(
                Check.of("CONC-1", "many threads, thousands of disjoint keys and shared keys through two handles; then"
                        + " every key holds exactly what was last written to it", LongRunChecks::disjointAndShared),
                Check.of("WATCH-2, WATCH-3, WATCH-5", "a store seeing 24,000 writes from 4 threads; watchers of hot"
                        + " keys each receive thousands of events, all of them, in order, ending at the store's value",
                        LongRunChecks::longRun));
    }

    /**
     * Waits for the threads while they make progress: a slow store (one that syncs every write) is not stuck, so
     * the deadline counts from the last operation any thread completed, not from the start.
     */
    private static void await(List<Future<?>> futures, AtomicLong progress, String clause, String what)
            throws Exception {
        long seen = progress.get();
        long lastProgress = System.nanoTime();
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get(100, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    long now = progress.get();
                    if (now != seen) {
                        seen = now;
                        lastProgress = System.nanoTime();
                    } else if (System.nanoTime() - lastProgress > TckContext.deadline().toNanos()) {
                        fail("[" + clause + "] " + what + ": no operation completed for "
                                + TckContext.deadline().toSeconds() + " s (a thread is stuck in the store)");
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof AssertionError) {
                        throw (AssertionError) c;
                    }
                    throw new AssertionError("[" + clause + "] " + what + ": a thread failed with " + c, c);
                }
            }
        }
    }

    /**
     * Rounds of eight threads writing disjoint and shared keys into a fresh store, each verified; an
     * unsynchronised map loses entries while it grows, so every round starts small and grows through many
     * resizes. Ends at the first round that shows a loss.
     */
    private static void disjointAndShared(TckContext ctx) throws Exception {
        // a race shows in some rounds only: run rounds for a while (an effort bound, not a timed assertion),
        // at least MIN_ROUNDS and at most ROUNDS, so a slow store still runs a few and a fast one many
        long until = System.nanoTime() + EFFORT_NANOS;
        for (int round = 0; round < ROUNDS && (round < MIN_ROUNDS || System.nanoTime() < until); round++) {
            disjointAndSharedRound(ctx, round);
        }
    }

    static final int ROUNDS = 400;
    static final int MIN_ROUNDS = 3;
    static final long EFFORT_NANOS = 2_000_000_000L;

    private static void disjointAndSharedRound(TckContext ctx, int round) throws Exception {
        String name = ctx.name("conc1-many");
        KvStore a = ctx.open(name);
        KvStore b = ctx.open(name);
        int threads = 8;
        int perThread = 300;
        AtomicLong progress = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                KvStore h = t % 2 == 0 ? a : b;
                fs.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        h.set("t" + id + "-" + i, Payload.ofUtf8(id + "/" + i));
                        if (i % 5 == 0) {
                            h.set("shared-" + (i % 16), Payload.ofUtf8(id + "/" + i));
                        }
                        if (i % 7 == 3) {
                            h.delete("t" + id + "-" + (i - 3));
                        }
                        progress.incrementAndGet();
                    }
                    return null;
                }));
            }
            await(fs, progress, "CONC-1", threads + " threads writing " + perThread + " keys each");
        } finally {
            pool.shutdownNow();
        }
        int wrong = 0;
        StringBuilder first = new StringBuilder();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                String key = "t" + t + "-" + i;
                boolean deleted = i % 7 == 0 && i + 3 < perThread;
                Optional<Payload> got = (i % 2 == 0 ? a : b).find(key);
                boolean ok = deleted ? got.isEmpty() : got.isPresent() && got.get().toUtf8().equals(t + "/" + i);
                if (!ok && wrong++ < 5) {
                    first.append("\n  ").append(key).append(": ").append(got.map(Payload::toUtf8).orElse("absent"))
                            .append(deleted ? " (deleted)" : " (expected " + t + "/" + i + ")");
                }
            }
        }
        for (int k = 0; k < 16; k++) {
            if (a.find("shared-" + k).isEmpty()) {
                wrong++;
                first.append("\n  shared-").append(k).append(": absent");
            }
        }
        if (wrong > 0) {
            fail("[CONC-1] in round " + (round + 1) + ", after " + threads + " threads wrote "
                    + perThread + " keys each through two handles of store " + Text.quote(name) + ", " + wrong
                    + " keys hold the wrong thing:" + first);
        }
        a.close();
        b.close();
    }

    private static void longRun(TckContext ctx) throws Exception {
        String name = ctx.name("longrun");
        KvConfig config = ctx.config().with(ConfigChecks.BUFFER, Integer.toString(WRITERS * WRITES_PER_WRITER + 16));
        KvStore a = ctx.open(name, config);
        KvStore b = ctx.open(name, config);
        String[] hot = {"hot-0", "hot-1", "hot-2"};
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < hot.length; i++) {
            probes.add(Probe.subscribe(i % 2 == 0 ? a : b, hot[i], Long.MAX_VALUE));
        }
        Probe second = Probe.subscribe(b, hot[0], Long.MAX_VALUE);
        Random seeds = ctx.random();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        int[][] hotSets = new int[WRITERS][hot.length];
        AtomicLong progress = new AtomicLong();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int id = w;
                long seed = seeds.nextLong();
                KvStore h = w % 2 == 0 ? a : b;
                fs.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    for (int i = 0; i < WRITES_PER_WRITER; i++) {
                        int k = r.nextInt(KEYS + hot.length * 8);
                        if (k >= KEYS) {
                            int hk = (k - KEYS) % hot.length;
                            h.set(hot[hk], Payload.ofUtf8(id + ":" + i));
                            hotSets[id][hk]++;
                        } else if (r.nextInt(10) == 0) {
                            h.delete("cold-" + k);
                        } else {
                            h.set("cold-" + k, Payload.ofUtf8(id + ":" + i));
                        }
                        progress.incrementAndGet();
                    }
                    return null;
                }));
            }
            await(fs, progress, "WATCH-2", WRITERS + " writers of " + WRITES_PER_WRITER + " writes each");
        } finally {
            pool.shutdownNow();
        }
        for (int hk = 0; hk < hot.length; hk++) {
            int sets = 0;
            for (int w = 0; w < WRITERS; w++) {
                sets += hotSets[w][hk];
            }
            List<Probe> watching = hk == 0 ? List.of(probes.get(0), second) : List.of(probes.get(hk));
            Payload last = a.get(hot[hk]);
            int expected = sets;
            for (Probe p : watching) {
                List<KvEvent> ev = p.awaitEvents(l -> l.size() >= expected, "WATCH-2", expected + " events, one per set"
                        + " of " + Text.quote(hot[hk]));
                if (ev.size() != expected) {
                    fail("[WATCH-2] " + expected + " sets of " + Text.quote(hot[hk]) + " produced " + ev.size()
                            + " events");
                }
                WatchChecks.checkSequences(ev);
                int[] lastSeen = new int[WRITERS];
                java.util.Arrays.fill(lastSeen, -1);
                for (KvEvent e : ev) {
                    String[] parts = e.payload().toUtf8().split(":");
                    int w = Integer.parseInt(parts[0]);
                    int i = Integer.parseInt(parts[1]);
                    if (!hot[hk].equals(e.key()) || i <= lastSeen[w]) {
                        fail("[WATCH-3] events of " + Text.quote(hot[hk]) + " out of write order: writer " + w
                                + "'s write " + i + " after its write " + lastSeen[w]);
                    }
                    lastSeen[w] = i;
                }
                if (!last.equals(ev.get(ev.size() - 1).payload())) {
                    fail("[WATCH-5] the last of " + ev.size() + " events of " + Text.quote(hot[hk]) + " carries "
                            + ev.get(ev.size() - 1).payload() + " but the store holds " + last);
                }
                p.assertNoViolations("WATCH-6");
            }
        }
        for (int k = 0; k < KEYS; k++) {
            Optional<Payload> v = a.find("cold-" + k);
            if (v.isPresent()) {
                expectValue("VIS-1", b, "cold-" + k, v.get());
            } else {
                expectMissing("VIS-1", b, "cold-" + k);
            }
        }
    }
}
