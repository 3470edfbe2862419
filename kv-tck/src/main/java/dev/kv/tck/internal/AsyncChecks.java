package dev.kv.tck.internal;

import static dev.kv.tck.internal.BasicChecks.utf8;
import static dev.kv.tck.internal.AsyncOutcomes.await;
import static dev.kv.tck.internal.AsyncOutcomes.blocking;
import static dev.kv.tck.internal.AsyncOutcomes.call;
import static dev.kv.tck.internal.AsyncOutcomes.expectSame;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.tck.internal.AsyncOutcomes.Outcome;

import dev.kv.api.AsyncKvStore;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.Capability;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** ASYNC: the asynchronous view against the blocking one, argument errors, close, order, cancel, threads. */
final class AsyncChecks {

    /** Operations ASYNC-4 keeps issued and not yet complete. */
    private static final int IN_FLIGHT = 256;

    /** The prefix of the threads ASYNC-6 allows a dependent stage to run on. */
    static final String CALLBACK_THREADS = "kv-async-callback-";

    private AsyncChecks() {
    }

    static List<Check> checks() {
        return List.of(
                Check.of("ASYNC-1", "the asynchronous view returns and fails exactly as the blocking calls do",
                        AsyncChecks::sameAsBlocking),
                Check.of("ASYNC-2", "bad arguments are reported through the future, never thrown",
                        AsyncChecks::argumentsThroughTheFuture),
                Check.of("ASYNC-3", "after close every asynchronous operation fails with CLOSED and changes nothing",
                        AsyncChecks::closed),
                Check.unless(Capability.ASYNC_UNORDERED, "ASYNC-4", "one thread's operations on a key take effect"
                        + " in the order issued, without waiting", AsyncChecks::ordered),
                Check.of("ASYNC-5", "cancelled futures leave every key with a value written to it",
                        AsyncChecks::cancelled),
                Check.of("ASYNC-6", "dependent stages run on kv's completion threads or the caller's, and a"
                        + " blocking one delays only itself", AsyncChecks::dependants));
    }

    /** Seeded from the kit's run seed, so a failure replays with {@code -Dkv.tck.seed}. */
    private static Random random(String clause) {
        return new Random(ModelChecks.baseSeed() ^ clause.hashCode());
    }

    private static void sameAsBlocking(TckContext ctx) {
        String name = ctx.name("async1");
        KvStore s = ctx.open(name);
        KvStore other = ctx.open(name);
        AsyncKvStore a = s.async();
        if (a == null || a.synchronous() != s) {
            fail("[ASYNC-1] async().synchronous() of store " + Text.quote(name) + " is not the handle it came from");
        }
        Random random = random("ASYNC-1");
        int max = s.limits().maxPayloadBytes();
        List<String> keys = List.of("k", "K", "k\u0000", "\u00e9", "e\u0301", "\ud83d\ude00");
        for (int i = 0; i < 400; i++) {
            String key = keys.get(random.nextInt(keys.size()));
            int op = random.nextInt(5);
            String where = "operation " + i + " on key " + Text.quote(key) + " of store " + Text.quote(name);
            if (op == 0) {
                Payload v = randomPayload(random, max);
                Outcome o = call("ASYNC-1", "async set " + where, () -> a.set(key, v));
                if (o.failure() != null) {
                    fail("[ASYNC-1] async set " + where + " failed: " + o.failure());
                }
                Outcome seen = blocking(() -> other.find(key));
                if (!Optional.of(v).equals(seen.value())) {
                    fail("[ASYNC-1] after async set " + where + " completed, another handle finds " + seen.value()
                            + " instead of " + v.size() + " bytes");
                }
            } else if (op == 1) {
                Outcome o = call("ASYNC-1", "async delete " + where, () -> a.delete(key));
                if (o.failure() != null) {
                    fail("[ASYNC-1] async delete " + where + " failed: " + o.failure());
                }
                Outcome seen = blocking(() -> other.find(key));
                if (!Optional.empty().equals(seen.value())) {
                    fail("[ASYNC-1] after async delete " + where + " completed, another handle finds " + seen.value());
                }
            } else if (op == 2) {
                expectSame("ASYNC-1", "get " + where, blocking(() -> s.get(key)),
                        call("ASYNC-1", "async get " + where, () -> a.get(key)));
            } else if (op == 3) {
                expectSame("ASYNC-1", "find " + where, blocking(() -> s.find(key)),
                        call("ASYNC-1", "async find " + where, () -> a.find(key)));
            } else {
                Payload v = randomPayload(random, max);
                Outcome o = call("ASYNC-1", "async set of a byte array " + where, () -> a.set(key, v.toByteArray()));
                if (o.failure() != null) {
                    fail("[ASYNC-1] async set of a byte array " + where + " failed: " + o.failure());
                }
                expectSame("ASYNC-1", "get after a set of a byte array " + where, new Outcome(v, null),
                        blocking(() -> other.get(key)));
            }
        }
        // failures: the same reason and message as the blocking call
        String tooLong = "x".repeat(s.limits().maxKeyBytes() + 1);
        Map<String, java.util.function.Supplier<Object>> sync = new java.util.LinkedHashMap<>();
        Map<String, java.util.function.Supplier<CompletableFuture<?>>> async = new HashMap<>();
        sync.put("get of a missing key", () -> s.get("missing"));
        async.put("get of a missing key", () -> a.get("missing"));
        sync.put("get of the empty key", () -> s.get(""));
        async.put("get of the empty key", () -> a.get(""));
        sync.put("find of a key one byte too long", () -> s.find(tooLong));
        async.put("find of a key one byte too long", () -> a.find(tooLong));
        sync.put("delete of an unpaired surrogate", () -> {
            s.delete("a\ud800");
            return null;
        });
        async.put("delete of an unpaired surrogate", () -> a.delete("a\ud800"));
        sync.put("set of a null payload", () -> {
            s.set("k", (Payload) null);
            return null;
        });
        async.put("set of a null payload", () -> a.set("k", (Payload) null));
        for (String what : sync.keySet()) {
            expectSame("ASYNC-1", what + " in store " + Text.quote(name), blocking(sync.get(what)),
                    call("ASYNC-1", "async " + what, async.get(what)));
        }
    }

    private static Payload randomPayload(Random random, int max) {
        int size = random.nextInt(8) == 0 ? 0 : random.nextInt(Math.min(max, 4096) + 1);
        byte[] b = new byte[size];
        random.nextBytes(b);
        return Payload.copyOf(b);
    }

    private static void argumentsThroughTheFuture(TckContext ctx) {
        String name = ctx.name("async2");
        KvStore s = ctx.open(name);
        AsyncKvStore a = s.async();
        s.set("kept", utf8("before"));
        String tooLong = "k".repeat(s.limits().maxKeyBytes() + 1);
        int max = s.limits().maxPayloadBytes();
        Map<String, java.util.function.Supplier<CompletableFuture<?>>> bad = new java.util.LinkedHashMap<>();
        for (String key : new String[] {null, "", tooLong, "x\udc00y"}) {
            String k = key == null ? "null" : Text.quote(key);
            bad.put("get(" + k + ")", () -> a.get(key));
            bad.put("find(" + k + ")", () -> a.find(key));
            bad.put("set(" + k + ", v)", () -> a.set(key, utf8("v")));
            bad.put("set(" + k + ", byte[])", () -> a.set(key, new byte[] {1}));
            bad.put("delete(" + k + ")", () -> a.delete(key));
        }
        bad.put("set('kept', null payload)", () -> a.set("kept", (Payload) null));
        bad.put("set('kept', null array)", () -> a.set("kept", (byte[]) null));
        if (max < 64 << 20) {
            bad.put("set('kept', " + (max + 1) + " bytes)", () -> a.set("kept", new byte[max + 1]));
        }
        for (Map.Entry<String, java.util.function.Supplier<CompletableFuture<?>>> e : bad.entrySet()) {
            String what = "async " + e.getKey() + " of store " + Text.quote(name);
            Outcome o = call("ASYNC-2", what, e.getValue());
            if (!(o.failure() instanceof KvException)) {
                fail("[ASYNC-2] " + what + " ended with " + (o.failure() == null ? "success" : o.failure())
                        + " instead of a future failed with a KvException");
            }
            KvException.Reason r = ((KvException) o.failure()).reason();
            if (r != KvException.Reason.INVALID_ARGUMENT && r != KvException.Reason.PAYLOAD_TOO_LARGE) {
                fail("[ASYNC-2] " + what + " failed with reason " + r + " instead of INVALID_ARGUMENT or"
                        + " PAYLOAD_TOO_LARGE: " + o.failure().getMessage());
            }
        }
        if (!Optional.of(utf8("before")).equals(s.find("kept"))) {
            fail("[ASYNC-2] a failed async set of key 'kept' in store " + Text.quote(name) + " changed its value to "
                    + s.find("kept"));
        }
    }

    private static void closed(TckContext ctx) {
        String name = ctx.name("async3");
        KvStore keeper = ctx.open(name);
        KvStore s = ctx.open(name);
        keeper.set("k", utf8("kept"));
        AsyncKvStore before = s.async();
        s.close();
        for (AsyncKvStore a : new AsyncKvStore[] {before, s.async()}) {
            Map<String, java.util.function.Supplier<CompletableFuture<?>>> ops = new java.util.LinkedHashMap<>();
            ops.put("get('k')", () -> a.get("k"));
            ops.put("find('k')", () -> a.find("k"));
            ops.put("set('k')", () -> a.set("k", utf8("after close")));
            ops.put("set('new')", () -> a.set("new", utf8("after close")));
            ops.put("delete('k')", () -> a.delete("k"));
            for (Map.Entry<String, java.util.function.Supplier<CompletableFuture<?>>> e : ops.entrySet()) {
                String what = "async " + e.getKey() + " on a closed handle of store " + Text.quote(name)
                        + (a == before ? " (view taken before close)" : " (view taken after close)");
                Outcome o = call("ASYNC-3", what, e.getValue());
                if (!(o.failure() instanceof KvException)
                        || ((KvException) o.failure()).reason() != KvException.Reason.CLOSED) {
                    fail("[ASYNC-3] " + what + " ended with " + (o.failure() == null ? "success " + o.value()
                            : o.failure()) + " instead of reason CLOSED");
                }
            }
        }
        if (!Optional.of(utf8("kept")).equals(keeper.find("k")) || keeper.find("new").isPresent()) {
            fail("[ASYNC-3] asynchronous writes on a closed handle of store " + Text.quote(name) + " took effect: 'k'"
                    + " holds " + keeper.find("k") + ", 'new' " + keeper.find("new"));
        }
    }

    private static void ordered(TckContext ctx) {
        String name = ctx.name("async4");
        KvStore s = ctx.open(name);
        AsyncKvStore a = s.async();
        Random random = random("ASYNC-4");
        int keys = 2;
        int ops = 6000;
        int large = Math.min(s.limits().maxPayloadBytes(), 16 << 10);
        List<CompletableFuture<?>> writes = new ArrayList<>();
        List<CompletableFuture<Optional<Payload>>> reads = new ArrayList<>();
        List<Optional<Payload>> expectedReads = new ArrayList<>();
        List<String> readKeys = new ArrayList<>();
        Map<String, Optional<Payload>> model = new HashMap<>();
        // at most IN_FLIGHT issued and not yet complete: enough to overtake one another, within any provider's
        // bounded queue (a call beyond it may fail, ASYNC-2)
        List<CompletableFuture<?>> issued = new ArrayList<>();
        int waited = 0;
        for (int i = 0; i < ops; i++) {
            while (issued.size() - waited >= IN_FLIGHT) {
                await("ASYNC-4", "an async operation of store " + Text.quote(name), issued.get(waited++));
            }
            String key = "o" + random.nextInt(keys);
            int op = random.nextInt(10);
            if (op < 6) {
                // small and large values mixed: a view that takes another path for large ones reorders them
                Payload v = utf8(key + "#" + i + (random.nextBoolean() ? "" : "~".repeat(large - 16)));
                writes.add(a.set(key, v));
                issued.add(writes.get(writes.size() - 1));
                model.put(key, Optional.of(v));
            } else if (op < 8) {
                writes.add(a.delete(key));
                issued.add(writes.get(writes.size() - 1));
                model.put(key, Optional.empty());
            } else {
                reads.add(a.find(key));
                issued.add(reads.get(reads.size() - 1));
                expectedReads.add(model.getOrDefault(key, Optional.empty()));
                readKeys.add(key);
            }
        }
        for (CompletableFuture<?> w : writes) {
            Outcome o = await("ASYNC-4", "an async write of store " + Text.quote(name), w);
            if (o.failure() != null) {
                fail("[ASYNC-4] an async write of store " + Text.quote(name) + " failed: " + o.failure());
            }
        }
        for (int i = 0; i < reads.size(); i++) {
            Outcome o = await("ASYNC-4", "an async find", reads.get(i));
            if (!expectedReads.get(i).equals(o.value())) {
                fail("[ASYNC-4] an async find of key " + Text.quote(readKeys.get(i)) + " in store " + Text.quote(name)
                        + ", issued after " + describe(expectedReads.get(i)) + " was written and before the next write,"
                        + " returned " + (o.failure() != null ? o.failure() : describe((Optional<?>) o.value())));
            }
        }
        for (Map.Entry<String, Optional<Payload>> e : model.entrySet()) {
            if (!e.getValue().equals(s.find(e.getKey()))) {
                fail("[ASYNC-4] after " + ops + " async operations issued by one thread, key " + Text.quote(e.getKey())
                        + " of store " + Text.quote(name) + " holds " + describe(s.find(e.getKey()))
                        + " instead of the last issued, " + describe(e.getValue()));
            }
        }
    }

    private static String describe(Optional<?> v) {
        return v.map(p -> p instanceof Payload ? Text.quote(((Payload) p).toUtf8().replaceAll("~+", "~..."))
                : String.valueOf(p)).orElse("nothing");
    }

    private static void cancelled(TckContext ctx) {
        String name = ctx.name("async5");
        KvStore s = ctx.open(name);
        AsyncKvStore a = s.async();
        Random random = random("ASYNC-5");
        Map<String, Set<Payload>> written = new HashMap<>();
        int op = 0;
        // bursts of operations, half of them cancelled at once, each burst followed by a look at every key: a
        // cancelled write that leaves a trace is seen before a later write of its key hides it
        for (int burst = 0; burst < 30; burst++) {
            List<CompletableFuture<?>> kept = new ArrayList<>();
            for (int i = 0; i < 64; i++, op++) {
                String key = "c" + random.nextInt(8);
                Payload v = utf8(key + "@" + op + "-".repeat(random.nextInt(200)));
                written.computeIfAbsent(key, k -> new HashSet<>()).add(v);
                CompletableFuture<?> f = random.nextInt(4) == 0 ? a.delete(key) : a.set(key, v);
                if (random.nextBoolean()) {
                    f.cancel(random.nextBoolean());
                } else {
                    kept.add(f);
                }
                if (random.nextInt(8) == 0) {
                    a.find(key).cancel(true);
                }
            }
            for (CompletableFuture<?> f : kept) {
                Outcome o = await("ASYNC-5", "an async operation not cancelled", f);
                if (o.failure() != null) {
                    fail("[ASYNC-5] an async operation of store " + Text.quote(name) + " that was not cancelled"
                            + " failed after others were: " + o.failure());
                }
            }
            // through the view: whatever a cancelled operation left queued on a key has run by then
            for (Map.Entry<String, Set<Payload>> e : written.entrySet()) {
                Outcome viaView = call("ASYNC-5", "async find after cancellations", () -> a.find(e.getKey()));
                for (Object found : new Object[] {viaView.value(), s.find(e.getKey())}) {
                    if (!(found instanceof Optional)) {
                        fail("[ASYNC-5] after cancelled futures, an async find of key " + Text.quote(e.getKey())
                                + " of store " + Text.quote(name) + " failed: " + viaView.failure());
                    }
                    Optional<?> v = (Optional<?>) found;
                    if (v.isPresent() && !e.getValue().contains(v.get())) {
                        fail("[ASYNC-5] after cancelled async writes, key " + Text.quote(e.getKey()) + " of store "
                                + Text.quote(name) + " holds " + ((Payload) v.get()).size()
                                + " bytes that no write of it wrote");
                    }
                }
            }
        }
        Outcome set = call("ASYNC-5", "async set after cancellations", () -> a.set("after", utf8("ok")));
        Outcome get = call("ASYNC-5", "async get after cancellations", () -> a.get("after"));
        if (set.failure() != null || !utf8("ok").equals(get.value())) {
            fail("[ASYNC-5] after cancelled futures, the view of store " + Text.quote(name) + " no longer works: set "
                    + (set.failure() == null ? "ok" : set.failure()) + ", get " + get);
        }
    }

    private static void dependants(TckContext ctx) throws Exception {
        String name = ctx.name("async6");
        KvStore s = ctx.open(name);
        AsyncKvStore a = s.async();
        Thread caller = Thread.currentThread();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<?>> stages = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String key = "d" + (i % 8);
            CompletableFuture<?> f = switch (i % 3) {
                case 0 -> a.set(key, utf8("v" + i));
                case 1 -> a.find(key);
                default -> a.get(key); // a miss or a hit: dependants of failures count too
            };
            String op = (i % 3 == 0 ? "set" : i % 3 == 1 ? "find" : "get") + "('" + key + "')";
            stages.add(f.handle((v, e) -> {
                Thread t = Thread.currentThread();
                if (t != caller && !t.getName().startsWith(CALLBACK_THREADS)) {
                    wrong.add(op + " ran its dependant on thread '" + t.getName() + "'");
                }
                return null;
            }));
        }
        for (CompletableFuture<?> st : stages) {
            await("ASYNC-6", "a dependent stage", st);
        }
        if (!wrong.isEmpty()) {
            fail("[ASYNC-6] dependent stages of store " + Text.quote(name) + "'s futures ran on neither the registering"
                    + " thread nor a " + CALLBACK_THREADS + "N thread (" + wrong.size() + " of 600), e.g. "
                    + wrong.peek());
        }
        // A dependant that blocks must not hold up the next operation of the same key. It must be attached to a
        // future still pending, so a burst of writes is issued until one is returned pending; a provider whose
        // futures are all complete when returned runs dependants in the caller's thread, which holds up nothing.
        for (int attempt = 0; attempt < 20; attempt++) {
            CompletableFuture<Void> first = null;
            for (int i = 0; i < 1000 && (first == null || first.isDone()); i++) {
                first = a.set("same", utf8("1-" + i));
            }
            if (first.isDone()) {
                return;
            }
            CountDownLatch second = new CountDownLatch(1);
            java.util.concurrent.atomic.AtomicBoolean heldOffCaller = new java.util.concurrent.atomic.AtomicBoolean();
            CompletableFuture<Void> blocked = first.thenRun(() -> {
                if (Thread.currentThread() == caller) {
                    return; // completed just before it was attached: this attempt proves nothing
                }
                heldOffCaller.set(true);
                try {
                    // longer than this check waits for the next operation, so a stall cannot end before it is seen
                    second.await(3 * TckContext.deadline().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            CompletableFuture<Void> next = a.set("same", utf8("2"));
            Outcome o;
            try {
                o = await("ASYNC-6", "an async set issued while a dependant of the previous set of the same key"
                        + " blocks", next.whenComplete((v, e) -> second.countDown()));
            } finally {
                second.countDown();
            }
            await("ASYNC-6", "the blocking dependant", blocked);
            if (o.failure() != null) {
                fail("[ASYNC-6] the second async set of key 'same' in store " + Text.quote(name) + " failed: "
                        + o.failure());
            }
            if (heldOffCaller.get()) {
                return;
            }
        }
    }
}
