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
 * SPEC.md PERSIST-2 and PERSIST-3: a writer JVM is killed with SIGKILL in the middle of writing, the store is
 * opened again (which recovers it), and every acknowledged write must be there, the one write that may have
 * been in flight either fully applied or not at all, and nothing else. Runs {@code kv.test.crashCycles} cycles
 * (24 by default; pass -Dkv.test.crashCycles=500 for a long run).
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesSigkillAndNothingIsInvented() throws Exception {
        int cycles = Integer.getInteger("kv.test.crashCycles", 24);
        ChronicleKvProvider provider = new ChronicleKvProvider();
        KvConfig config = ChronicleProviderTest.config(dir);
        Map<String, String> model = new HashMap<>();
        Random random = new Random(42);
        int totalAcked = 0;
        for (int cycle = 0; cycle < cycles; cycle++) {
            Path out = dir.resolve("child-" + cycle + ".out");
            List<String> options = new java.util.ArrayList<>(ChildJvm.standardOptions());
            // Quick start-up: the writer lives a second or two.
            options.add("-XX:TieredStopAtLevel=1");
            Process child = new ProcessBuilder(ChildJvm.command(options, false, ChildMain.class,
                    "crash-writer", dir.toString(), "crash", Integer.toString(cycle)))
                    .redirectOutput(out.toFile()).redirectError(dir.resolve("child-" + cycle + ".err").toFile())
                    .start();
            int killAfter = 1 + random.nextInt(random.nextBoolean() ? 50 : 3000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lastAck(out) < killAfter && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            if (!child.isAlive()) {
                fail("writer ended by itself: " + Files.readString(dir.resolve("child-" + cycle + ".err")));
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            int acked = lastAck(out);
            assertTrue(acked >= killAfter, "writer acknowledged only " + acked + " writes in 60 s");
            totalAcked += acked + 1;

            Map<String, String> mustHave = new HashMap<>(model);
            for (int n = 0; n <= acked; n++) {
                ChildMain.Op op = ChildMain.op(cycle, n);
                mustHave.put(op.key, op.value);
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
                        fail("cycle " + cycle + ", after " + (acked + 1) + " acknowledged writes: key " + key
                                + " holds " + shorten(actual) + ", expected " + shorten(expected)
                                + (key.equals(inFlight.key) ? " or " + shorten(inFlight.value) : ""));
                    }
                    model.put(key, actual);
                }
                assertEquals(Set.of(), userKeysOutside(store), "keys nobody wrote");
            }
        }
        assertTrue(totalAcked > cycles, "the writers acknowledged " + totalAcked + " writes in all");
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
