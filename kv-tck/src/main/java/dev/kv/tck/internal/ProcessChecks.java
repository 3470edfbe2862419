package dev.kv.tck.internal;

import static dev.kv.tck.internal.BasicChecks.expectMissing;
import static dev.kv.tck.internal.BasicChecks.expectValue;
import static dev.kv.tck.internal.BasicChecks.utf8;
import static dev.kv.tck.internal.ChildJvm.hex;
import static dev.kv.tck.internal.ChildJvm.unhex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.Capability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;

/** PERSIST and PROC clauses, and CAP-2 for MULTI_PROCESS; these fork child JVMs. */
final class ProcessChecks {

    private ProcessChecks() {
    }

    static List<Check> checks() {
        return List.of(
                Check.when(Capability.PERSISTENT, "PERSIST-1", "a written value survives closing every handle, in"
                        + " this process and in a new one", ProcessChecks::reopen),
                Check.when(Capability.PERSISTENT, "PERSIST-2, PERSIST-3", "acknowledged writes and deletes survive"
                        + " SIGKILL of the writer; nothing is invented; the store reopens without lock timeouts",
                        ProcessChecks::killed),
                Check.when(Capability.PERSISTENT, "PERSIST-4", "a damaged, truncated or foreign store file fails"
                        + " open with STORAGE naming the file, which is left as it was", ProcessChecks::damaged),
                Check.when(Capability.MULTI_PROCESS, "PROC-1", "two processes on one store see each other's writes",
                        ProcessChecks::shared),
                Check.when(Capability.MULTI_PROCESS, "PROC-2", "concurrent writers in two processes leave every key"
                        + " with a value one of them wrote", ProcessChecks::concurrentWriters),
                Check.when(Capability.CROSS_PROCESS_WATCH, "PROC-3, PROC-4", "a watcher receives another process's"
                        + " writes in order, ending with the last one", ProcessChecks::crossWatch),
                Check.unless(Capability.MULTI_PROCESS, "CAP-2", "without MULTI_PROCESS another process does not see"
                        + " the data", ProcessChecks::notShared));
    }

    private static void reopen(TckContext ctx) {
        String name = ctx.name("persist1");
        KvStore a = ctx.open(name);
        KvStore b = ctx.open(name);
        byte[] big = new byte[1 << 20];
        new Random(3).nextBytes(big);
        a.set("k", utf8("v"));
        a.set("empty", Payload.empty());
        a.set("big", big);
        a.set("gone", utf8("x"));
        a.delete("gone");
        a.close();
        b.close();
        KvStore c = ctx.open(name);
        expectValue("PERSIST-1", c, "k", utf8("v"));
        expectValue("PERSIST-1", c, "empty", Payload.empty());
        assertArrayEquals(big, c.get("big").toByteArray(), "[PERSIST-1] the 1 MiB value changed after reopen");
        expectMissing("PERSIST-1", c, "gone");
        c.set("from-parent", utf8("p"));
        c.close();
        try (ChildJvm child = ChildJvm.store(ctx, name, ctx.config())) {
            expectOpened(child, "PERSIST-1");
            assertEquals("value " + hex("v"), child.ask("get " + hex("k"), "PERSIST-1"),
                    "[PERSIST-1] a new process did not read the value written before");
            assertEquals("value " + hex("p"), child.ask("get " + hex("from-parent"), "PERSIST-1"),
                    "[PERSIST-1] a new process did not read the value written before");
            assertEquals("ok", child.ask("set " + hex("from-child") + " " + hex("c"), "PERSIST-1"));
            assertEquals("ok", child.ask("close", "PERSIST-1"));
        }
        KvStore d = ctx.open(name);
        expectValue("PERSIST-1", d, "from-child", utf8("c"));
    }

    private static void expectOpened(ChildJvm child, String clause) {
        String a = child.answer(clause, "the result of opening the store");
        if (!a.equals("opened")) {
            fail("[" + clause + "] the child JVM could not open the store: " + describe(a) + "\n" + child.output());
        }
    }

    private static String describe(String answer) {
        String[] p = answer.split(" ", 3);
        return p.length == 3 && p[0].equals("error") ? p[1] + ": " + unhex(p[2]) : answer;
    }

    /** Kill-and-reopen cycles of the PERSIST-2 check. */
    private static final int KILLS = 3;

    private static void killed(TckContext ctx) throws Exception {
        String name = ctx.name("persist2");
        long seed = ModelChecks.baseSeed() ^ 0x9E3779B97F4A7C15L;
        Random random = new Random(seed);
        Map<String, Payload> model = new HashMap<>();
        int max;
        try (KvStore first = ctx.open(name)) {
            max = first.limits().maxPayloadBytes();
        }
        KvStore s = null;
        for (int cycle = 0; cycle < KILLS; cycle++) {
            if (s != null) {
                s.close();
            }
            String prefix = "c" + cycle;
            int killAfter = 50 + random.nextInt(cycle == 0 ? 400 : 1500);
            int acked = -1;
            Path ackFile = ctx.directory().resolve("persist2-acks-" + cycle);
            try (ChildJvm child = ChildJvm.store(ctx, name, ctx.config())) {
                expectOpened(child, "PERSIST-2");
                child.send("mix " + hex(prefix) + " " + seed + " " + hex(ackFile.toString()));
                while (acked < killAfter) {
                    acked = ackOf(child.answer("PERSIST-2", "acknowledged operations"), acked);
                }
                child.kill();
                // What the child acknowledged up to the kill: the last line of the file it writes each
                // acknowledgement to, which, unlike the end of its stdout, nothing in this JVM can drop.
                acked = Math.max(acked, lastAcknowledged(ackFile));
            }
            s = reopenAfterKill(ctx, name);
            Map<String, Payload> expected = new HashMap<>(model);
            for (int n = 0; n <= acked; n++) {
                CrashWorkload.Op op = CrashWorkload.op(prefix, seed, n, max);
                if (op.value() == null) {
                    expected.remove(op.key());
                } else {
                    expected.put(op.key(), op.value());
                }
            }
            CrashWorkload.Op inFlight = CrashWorkload.op(prefix, seed, acked + 1, max);
            for (int k = 0; k < CrashWorkload.KEYS; k++) {
                for (int c = 0; c <= cycle; c++) {
                    String key = "c" + c + "-" + k;
                    Optional<Payload> actual = s.find(key);
                    Payload want = expected.get(key);
                    boolean inFlightKey = key.equals(inFlight.key());
                    if (!Objects.equals(Optional.ofNullable(want), actual)
                            && !(inFlightKey && Objects.equals(Optional.ofNullable(inFlight.value()), actual))) {
                        fail("[PERSIST-2] after kill " + (cycle + 1) + " of " + KILLS + " (seed " + seed + ", "
                                + (acked + 1) + " operations acknowledged in that run), key " + Text.quote(key)
                                + " holds " + describe(actual) + ", expected " + describe(Optional.ofNullable(want))
                                + (inFlightKey ? " or, as the operation in flight, "
                                        + describe(Optional.ofNullable(inFlight.value())) : "")
                                + (want == null ? "" : " (acknowledged " + (want.size()) + " bytes)"));
                    }
                    actual.ifPresentOrElse(v -> model.put(key, v), () -> model.remove(key));
                }
            }
        }
        // PERSIST-3: the recovered store takes writes everywhere without waiting for a dead process's locks
        KvStore recovered = s;
        CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 256; i++) {
                recovered.set("after-" + i, utf8("w"));
            }
        });
        try {
            writes.get(TckContext.deadline().toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("[PERSIST-3] 256 writes (of distinct keys, to reach every lock) to store " + Text.quote(name) + " after recovery from a"
                    + " killed writer did not finish within " + TckContext.deadline().toSeconds() + " s");
        }
    }

    private static int lastAcknowledged(Path ackFile) throws IOException {
        String text = Files.readString(ackFile, StandardCharsets.US_ASCII);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return -1;
        }
        int start = text.lastIndexOf('\n', end - 1) + 1;
        return Integer.parseInt(text.substring(start, end));
    }

    private static int ackOf(String answer, int acked) {
        if (!answer.startsWith("acked ")) {
            fail("[PERSIST-2] the writing child failed: " + describe(answer));
        }
        try {
            return Math.max(acked, Integer.parseInt(answer.substring(6)));
        } catch (NumberFormatException e) {
            return acked; // a last line cut by the kill
        }
    }

    private static String describe(Optional<Payload> v) {
        return v.map(p -> p.size() + " bytes" + (p.size() <= 16 ? " " + p : "")).orElse("nothing");
    }

    private static KvStore reopenAfterKill(TckContext ctx, String name) throws Exception {
        CompletableFuture<KvStore> opening = CompletableFuture.supplyAsync(() -> ctx.open(name));
        try {
            return opening.get(TckContext.deadline().toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("[PERSIST-3] opening store " + Text.quote(name) + " after its writer was killed"
                    + " did not return within " + TckContext.deadline().toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new AssertionError("[PERSIST-3] opening store " + Text.quote(name) + " after its writer was killed"
                    + " failed: " + e.getCause(), e.getCause());
        }
    }

    private static void damaged(TckContext ctx) throws Exception {
        String name = ctx.name("persist4");
        Optional<Path> file = ctx.hooks().storeFile(ctx.directory(), name);
        Assumptions.assumeTrue(file.isPresent(), "the kit does not know which file holds a store: override"
                + " KvProviderTck.storeFile(Path, String) to check PERSIST-4");
        KvStore s = ctx.open(name);
        for (int i = 0; i < 100; i++) {
            s.set("k" + i, utf8("v" + i));
        }
        s.close();
        Path f = file.get();
        assertTrue(Files.isRegularFile(f), () -> "[PERSIST-4] storeFile() names " + f + ", which is not a file after"
                + " the store was written and closed");
        byte[] original = Files.readAllBytes(f);
        byte[] random = new byte[Math.max(4096, original.length)];
        new Random(11).nextBytes(random);
        byte[][] damages = {
            random,
            java.util.Arrays.copyOf(original, original.length / 2),
            "this is not a kv store\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        };
        String[] what = {"random bytes", "the file cut in half", "a foreign text file"};
        for (int d = 0; d < damages.length; d++) {
            Files.write(f, damages[d]);
            String desc = what[d];
            CompletableFuture<KvStore> opening = CompletableFuture.supplyAsync(() -> ctx.open(name));
            try {
                KvStore opened = opening.get(TckContext.deadline().toSeconds(), TimeUnit.SECONDS);
                opened.close();
                fail("[PERSIST-4] store " + Text.quote(name) + " opened although its file " + f + " holds " + desc);
            } catch (TimeoutException e) {
                fail("[PERSIST-4] opening store " + Text.quote(name) + " whose file holds " + desc
                        + " did not fail within " + TckContext.deadline().toSeconds() + " s");
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (!(c instanceof KvException)) {
                    throw new AssertionError("[PERSIST-4, ERR-1] opening a store whose file holds " + desc + " threw "
                            + c, c);
                }
                KvException k = (KvException) c;
                assertEquals(KvException.Reason.STORAGE, k.reason(), () -> "[PERSIST-4] opening a store whose file"
                        + " holds " + desc + " failed with " + k.reason() + ": " + k.getMessage());
                assertTrue(k.getMessage().contains(f.getFileName().toString()), () -> "[PERSIST-4] the error does not"
                        + " name the file " + f + ": " + k.getMessage());
            }
            assertArrayEquals(damages[d], Files.readAllBytes(f), "[PERSIST-4] the damaged file (" + desc
                    + ") was changed by the failed open");
        }
    }

    private static void shared(TckContext ctx) {
        String name = ctx.name("proc1");
        KvStore s = ctx.open(name);
        try (ChildJvm child = ChildJvm.store(ctx, name, ctx.config())) {
            expectOpened(child, "PROC-1");
            assertEquals("ok", child.ask("set " + hex("k") + " " + hex("from-child"), "PROC-1"));
            expectValue("PROC-1", s, "k", utf8("from-child"));
            s.set("k2", utf8("from-parent"));
            assertEquals("value " + hex("from-parent"), child.ask("get " + hex("k2"), "PROC-1"),
                    "[PROC-1] the child did not see the parent's write once set returned");
            s.delete("k2");
            assertEquals("missing", child.ask("get " + hex("k2"), "PROC-1"),
                    "[PROC-1] the child still saw a key the parent deleted");
            assertEquals("ok", child.ask("del " + hex("k"), "PROC-1"));
            expectMissing("PROC-1", s, "k");
        }
    }

    private static void concurrentWriters(TckContext ctx) {
        String name = ctx.name("proc2");
        KvStore s = ctx.open(name);
        int keys = 50;
        try (ChildJvm a = ChildJvm.store(ctx, name, ctx.config());
             ChildJvm b = ChildJvm.store(ctx, name, ctx.config())) {
            expectOpened(a, "PROC-2");
            expectOpened(b, "PROC-2");
            a.send("churn " + hex("c") + " " + keys + " 40 A");
            b.send("churn " + hex("c") + " " + keys + " 40 B");
            for (int i = 0; i < 200; i++) {
                s.set("c-" + (i % keys), utf8("P-0-" + (i % keys)));
            }
            assertEquals("ok", a.answer("PROC-2", "the end of its writes"), "[PROC-2] writer A");
            assertEquals("ok", b.answer("PROC-2", "the end of its writes"), "[PROC-2] writer B");
        }
        for (int i = 0; i < keys; i++) {
            Optional<Payload> v = s.find("c-" + i);
            String text = v.map(Payload::toUtf8).orElse(null);
            if (text == null || !text.matches("[ABP]-\\d+-" + i)) {
                fail("[PROC-2] after concurrent writers in two processes key 'c-" + i + "' holds " + v
                        + ", not a value one of them wrote");
            }
        }
    }

    private static void crossWatch(TckContext ctx) {
        String name = ctx.name("proc3");
        KvStore s = ctx.open(name);
        Probe p = Probe.subscribe(s, "k", Long.MAX_VALUE);
        try (ChildJvm child = ChildJvm.store(ctx, name, ctx.config())) {
            expectOpened(child, "PROC-3");
            for (int i = 0; i < 100; i++) {
                child.send("set " + hex("k") + " " + hex(Integer.toString(i)));
            }
            for (int i = 0; i < 100; i++) {
                child.answer("PROC-3", "acknowledged writes");
            }
        }
        List<KvEvent> ev = p.awaitEvents(l -> !l.isEmpty() && l.get(l.size() - 1).payload() != null
                && l.get(l.size() - 1).payload().toUtf8().equals("99"), "PROC-3", "the last value '99' written by"
                + " another process");
        int last = -1;
        for (KvEvent e : ev) {
            if (e.kind() == KvEvent.Kind.SET) {
                int v = Integer.parseInt(e.payload().toUtf8());
                if (v < last) {
                    fail("[PROC-4] a watcher received value " + v + " after the newer " + last + ": "
                            + Probe.summary(ev));
                }
                last = v;
            }
        }
    }

    private static void notShared(TckContext ctx) {
        String name = ctx.name("cap2proc");
        KvStore s = ctx.open(name);
        s.set("k", utf8("only-here"));
        try (ChildJvm child = ChildJvm.store(ctx, name, ctx.config())) {
            String opened = child.answer("CAP-2", "the result of opening the store");
            if (opened.equals("opened")) {
                String got = child.ask("get " + hex("k"), "CAP-2");
                assertTrue(got.equals("missing") || got.startsWith("error"), () -> "[CAP-2] provider '" + ctx.id()
                        + "' does not declare MULTI_PROCESS, but another process read the value written here: "
                        + got);
            }
        }
    }
}
