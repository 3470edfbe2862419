package dev.kv.provider.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvConfig;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.map.ChronicleMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC.md PERSIST-2 and PERSIST-3: a writer JVM is killed with SIGKILL at a random moment (while starting, while
 * opening and recovering the store, right after {@code open}, or at a random point of its writes), the store is
 * opened again (which recovers it), and every acknowledged write and delete must be there, the one write that
 * may have been in flight either fully applied or not at all, and nothing else. The store is filled first so
 * that its segments have spilled into extra tiers (where Chronicle's own recovery drops entries, see
 * {@link Recovery}); values run from 16 B to 128 KiB. Runs {@code kv.test.crashCycles} cycles (16 in the normal
 * build; the long run: {@code ./mvnw -B verify -pl kv-provider-chronicle -am -Dtest=CrashRecoveryTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dkv.test.crashCycles=2000}).
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    /** Where in the writer's life the kill lands. */
    private enum Moment { STARTING, OPENED, WRITING }

    @Test
    void everyAcknowledgedWriteSurvivesSigkillAndNothingIsInvented() throws Exception {
        int cycles = Integer.getInteger("kv.test.crashCycles", 16);
        ChronicleKvProvider provider = new ChronicleKvProvider();
        KvConfig config = ChronicleProviderTest.config(dir);
        Map<String, String> model = new HashMap<>();
        try (KvStore store = provider.open("crash", config)) {
            // Cycle -1 of the writer's sequence: fills the store until segments spill into extra tiers.
            for (int n = 0; n < 40_000; n++) {
                ChildMain.Op op = ChildMain.op(-1, n);
                if (op.value == null) {
                    store.delete(op.key);
                    model.remove(op.key);
                } else {
                    store.set(op.key, Payload.ofUtf8(op.value));
                    model.put(op.key, op.value);
                }
            }
            assertTrue(extraTiersInUse(store) > 0, "the filled store has no extra tiers: the test would miss"
                    + " the tier recovery it is there for");
        }
        Random random = new Random(Long.getLong("kv.test.crashSeed", System.nanoTime()));
        long seed = random.nextLong();
        random = new Random(seed);
        System.out.println("CrashRecoveryTest: " + cycles + " cycles, seed " + seed + " (replay with"
                + " -Dkv.test.crashSeed)");
        Map<Moment, Integer> kills = new java.util.EnumMap<>(Moment.class);
        int totalAcked = 0;
        for (int cycle = 0; cycle < cycles; cycle++) {
            Path out = dir.resolve("child-" + cycle + ".out");
            Path err = dir.resolve("child-" + cycle + ".err");
            List<String> options = new java.util.ArrayList<>(ChildJvm.standardOptions());
            // Quick start-up: the writer lives a second or two.
            options.add("-XX:TieredStopAtLevel=1");
            Moment moment = Moment.values()[random.nextInt(Moment.values().length)];
            Process child = new ProcessBuilder(ChildJvm.command(options, false, ChildMain.class,
                    "crash-writer", dir.toString(), "crash", Integer.toString(cycle)))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            switch (moment) {
                case STARTING:
                    // Anywhere from JVM start to the first writes: often while it opens and recovers the store.
                    Thread.sleep(random.nextInt(1500));
                    break;
                case OPENED:
                    while (!Files.readString(out).contains("OPEN") && child.isAlive() && System.nanoTime() < deadline) {
                        Thread.sleep(1);
                    }
                    break;
                default:
                    int killAfter = random.nextInt(random.nextBoolean() ? 50 : 2000);
                    while (lastAck(out) < killAfter && child.isAlive() && System.nanoTime() < deadline) {
                        Thread.sleep(2);
                    }
            }
            if (!child.isAlive()) {
                fail("writer ended by itself: " + Files.readString(err));
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            kills.merge(moment, 1, Integer::sum);
            int acked = lastAck(out);
            totalAcked += acked + 1;

            Map<String, String> mustHave = new HashMap<>(model);
            for (int n = 0; n <= acked; n++) {
                ChildMain.Op op = ChildMain.op(cycle, n);
                if (op.value == null) {
                    mustHave.remove(op.key);
                } else {
                    mustHave.put(op.key, op.value);
                }
            }
            ChildMain.Op inFlight = ChildMain.op(cycle, acked + 1);

            try (KvStore store = provider.open("crash", config)) {
                for (int k = 0; k < ChildMain.CRASH_KEYS; k++) {
                    String key = "k" + k;
                    String actual = store.find(key).map(Payload::toUtf8).orElse(null);
                    String expected = mustHave.get(key);
                    boolean ok = java.util.Objects.equals(expected, actual)
                            || (key.equals(inFlight.key) && java.util.Objects.equals(inFlight.value, actual));
                    if (!ok) {
                        fail("[PERSIST-2] cycle " + cycle + " (seed " + seed + ", killed " + moment + "), after "
                                + (acked + 1) + " acknowledged operations: key " + key + " holds "
                                + shorten(actual) + ", expected " + shorten(expected)
                                + (key.equals(inFlight.key) ? " or " + shorten(inFlight.value) : ""));
                    }
                    if (actual == null) {
                        model.remove(key);
                    } else {
                        model.put(key, actual);
                    }
                }
                assertEquals(Set.of(), userKeysOutside(store), "[PERSIST-3] keys nobody wrote");
            }
            assertEquals(List.of(), Salvage.filesOf(StoreFiles.mapFile(dir, "crash")), "salvage files left");
            if ((cycle + 1) % 50 == 0) {
                // A long run reports as it goes: what it verified so far stands even if it is stopped.
                System.out.println("CrashRecoveryTest: " + (cycle + 1) + " cycles verified, kills " + kills + ", "
                        + totalAcked + " acknowledged operations");
            }
        }
        System.out.println("CrashRecoveryTest: kills " + kills + ", " + totalAcked + " acknowledged operations");
        assertTrue(totalAcked > cycles, "the writers acknowledged " + totalAcked + " operations in all");
    }

    private static long extraTiersInUse(KvStore store) {
        return ((net.openhft.chronicle.hash.impl.VanillaChronicleHash<?, ?, ?, ?>) store.unwrap(ChronicleMap.class))
                .globalMutableState().getExtraTiersInUse();
    }

    /** Keys in the map that are not among the crash writer's keys: they would be invented. */
    private static Set<String> userKeysOutside(KvStore store) {
        @SuppressWarnings("unchecked")
        ChronicleMap<byte[], byte[]> map = store.unwrap(ChronicleMap.class);
        Set<String> outside = new HashSet<>();
        for (byte[] k : map.keySet()) {
            if (k[0] == Backing.USER) {
                String key = new String(k, 1, k.length - 1, StandardCharsets.UTF_8);
                if (!key.matches("k\\d+") || Integer.parseInt(key.substring(1)) >= ChildMain.CRASH_KEYS) {
                    outside.add(key);
                }
            }
        }
        return outside;
    }

    private static int lastAck(Path out) throws java.io.IOException {
        if (!Files.exists(out)) {
            return -1;
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            String l = lines.get(i);
            // A line cut by the kill has no complete number after it; only whole lines count.
            if (l.startsWith("ACK ") && (i < lines.size() - 1 || endsWithNewline(out))) {
                return Integer.parseInt(l.substring(4));
            }
        }
        return -1;
    }

    private static boolean endsWithNewline(Path out) throws java.io.IOException {
        byte[] b = Files.readAllBytes(out);
        return b.length > 0 && b[b.length - 1] == '\n';
    }

    private static String shorten(String s) {
        return s == null ? "nothing" : "'" + (s.length() > 30 ? s.substring(0, 30) + "...(" + s.length() + ")" : s) + "'";
    }

}
