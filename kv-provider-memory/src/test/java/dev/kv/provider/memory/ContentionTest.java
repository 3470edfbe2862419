package dev.kv.provider.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Cache;
import dev.kv.api.KvConfig;
import dev.kv.api.KvEvent;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Several threads write and delete a few shared keys through several handles while two watchers per key, on
 * different handles, record everything. Afterwards every watcher must have received exactly one SET per
 * acknowledged set of its key (no event lost, none invented), in a consistent order, ending on the store's
 * value. With a small byte bound, evictions interleave with the writes and their EVICT events must fit the
 * same order.
 */
class ContentionTest {

    private static final int THREADS = 6;
    private static final int OPS_PER_THREAD = 4_000;

    @ParameterizedTest(name = "maximumBytes={0}, keys={1}")
    @CsvSource({
            "256MiB, 8",   // no eviction: writes and deletes only
            "1KiB, 8",     // constant eviction of a few hot keys
            "8KiB, 200",   // more keys than the watch hub has lock stripes: keys share locks and hash bins
    })
    void concurrentWritersOnSharedKeysLoseNoEventAndConverge(String maximumBytes, int keys) throws Exception {
        KvConfig config = KvConfig.builder()
                .set("kv.memory.maximumBytes", maximumBytes)
                .set("kv.watch.bufferSize", Integer.toString(1 << 20))
                .build();
        MemoryKvProvider provider = new MemoryKvProvider(); // real executors: Caffeine's maintenance runs apart
        String name = "ContentionTest-" + maximumBytes + "-" + keys;
        List<KvStore> handles = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            handles.add(provider.open(name, config));
        }
        try {
            Recorder[][] recorders = new Recorder[keys][2];
            for (int k = 0; k < keys; k++) {
                for (int w = 0; w < 2; w++) {
                    recorders[k][w] = new Recorder();
                    handles.get(w).events(key(k)).subscribe(recorders[k][w]);
                }
            }
            AtomicLongArray acknowledgedSets = new AtomicLongArray(keys);
            AtomicLongArray deletes = new AtomicLongArray(keys);
            CyclicBarrier start = new CyclicBarrier(THREADS);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                writers.add(CompletableFuture.runAsync(() -> {
                    KvStore store = handles.get(thread % handles.size());
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    await(start);
                    for (int i = 0; i < OPS_PER_THREAD; i++) {
                        int k = random.nextInt(keys);
                        if (random.nextInt(10) == 0) {
                            store.delete(key(k));
                            deletes.incrementAndGet(k);
                        } else {
                            store.set(key(k), value(thread, i, random.nextInt(1, 200)));
                            acknowledgedSets.incrementAndGet(k);
                        }
                    }
                }, pool));
            }
            try {
                // A guard against hanging, not a time limit on the writers: a deadlock between Caffeine's locks and
                // the watch locks (what publishing from inside Caffeine's eviction listener would cause) fails here.
                CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new))
                        .get(Recorder.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("writers still running after " + Recorder.PATIENCE + ": deadlocked?", e);
            } finally {
                pool.shutdownNow();
            }

            @SuppressWarnings("unchecked")
            Cache<String, Payload> cache = handles.get(0).unwrap(Cache.class);
            cache.cleanUp(); // finish Caffeine's pending evictions so the store is quiet

            long evictEvents = 0;
            KvStore reader = handles.get(2);
            for (int k = 0; k < keys; k++) {
                String key = key(k);
                long sets = acknowledgedSets.get(k);
                for (Recorder r : recorders[k]) {
                    List<KvEvent> events = r.awaitEvents(sets + " SET events for " + key + " and convergence",
                            e -> EventLog.count(e, KvEvent.Kind.SET) >= sets && EventLog.converged(reader, key, e));
                    assertNull(r.error());
                    assertEquals(sets, EventLog.count(events, KvEvent.Kind.SET), () -> "SET events of " + key);
                    assertTrue(EventLog.count(events, KvEvent.Kind.DELETE) <= deletes.get(k), () -> "DELETE events of " + key);
                    assertEquals(reader.find(key), EventLog.replay(key, events), () -> "replayed events of " + key);
                    assertTrue(EventLog.converged(reader, key, events), () -> "last event of " + key + " matches the store");
                }
                evictEvents += EventLog.count(recorders[k][0].events(), KvEvent.Kind.EVICT);
            }
            assertEquals(0, recordersWithEvents(recorders, KvEvent.Kind.EXPIRE));
            assertEquals(cache.stats().evictionCount(), evictEvents, "one EVICT event per eviction");
            if (!maximumBytes.equals("256MiB")) {
                assertTrue(evictEvents > 0, "a " + maximumBytes + " store with " + keys
                        + " keys of up to 200 bytes evicted something");
            }
        } finally {
            handles.forEach(KvStore::close);
        }
    }

    private static long recordersWithEvents(Recorder[][] recorders, KvEvent.Kind kind) {
        long n = 0;
        for (Recorder[] perKey : recorders) {
            for (Recorder r : perKey) {
                n += EventLog.count(r.events(), kind);
            }
        }
        return n;
    }

    private static String key(int k) {
        return "key-" + k;
    }

    /** A distinct payload per write: thread, counter, padding. */
    private static Payload value(int thread, int i, int padding) {
        byte[] bytes = new byte[8 + padding];
        ByteBuffer.wrap(bytes).putInt(thread).putInt(i);
        return Payload.copyOf(bytes);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
