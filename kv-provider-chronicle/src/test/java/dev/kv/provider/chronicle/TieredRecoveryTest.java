package dev.kv.provider.chronicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.openhft.chronicle.map.ChronicleMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PERSIST-2 where Chronicle is weakest: a store whose segments spilled into extra tiers. Chronicle's own
 * {@code recoverPersistedTo} walks the extra tiers in order and takes the first one it finds empty for the end
 * of those in use, then zeroes every later one: the entries there are lost although they were intact. Every
 * open after a crash runs recovery, so the store's recovery must keep every entry of such a file.
 */
class TieredRecoveryTest {

    @TempDir
    Path dir;

    /** Operations of one round of the workload; the rounds go on in the same store, reopened each time. */
    static final int OPS_PER_ROUND = 50_000;
    /** Rounds at most: Chronicle's loss depends on where entries land, which differs from run to run. */
    static final int MAX_ROUNDS = 8;

    /**
     * The probe of issue 13 as a test: a store written with large and small values, closed cleanly, then a copy
     * of its file recovered as after a crash. Chronicle's own recovery of another copy shows the file is one whose
     * tier bookkeeping it rewrites (and loses entries on, in most runs); ours must keep every entry in every round.
     */
    @Test
    void recoveringACleanlyClosedStoreWithExtraTiersKeepsEveryEntry() throws Exception {
        KvConfig config = ChronicleProviderTest.config(dir);
        Settings settings = new Settings(config);
        Path file = StoreFiles.mapFile(dir, "tiers");
        Map<String, byte[]> model = new TreeMap<>();
        int lostByChronicle = 0;
        List<String> fixes = new ArrayList<>();
        int round = 0;
        while (round < MAX_ROUNDS && (round < 2 || lostByChronicle == 0)) {
            try (KvStore store = new ChronicleKvProvider().open("tiers", config)) {
                Workload.run(store, 11 + round, OPS_PER_ROUND, model);
            }
            round++;
            Path ours = copy(file, "ours-" + round);
            Path chronicles = copy(file, "chronicle-" + round);
            try (ChronicleMap<byte[], byte[]> map = Backing.builder(settings)
                    .recoverPersistedTo(chronicles.toFile(), false, c -> fixes.add(c.message()))) {
                lostByChronicle += Workload.differences(map, model).size();
            }
            try (ChronicleMap<byte[], byte[]> map = Recovery.recover(ours, "tiers", settings)) {
                assertEquals(List.of(), Workload.differences(map, model), "[PERSIST-2] round " + round
                        + ": entries that recovery lost or changed (Chronicle's own recovery lost "
                        + lostByChronicle + " so far)");
            }
            assertEquals(List.of(), Salvage.filesOf(ours), "salvage files left behind");
            Files.delete(ours);
            Files.delete(chronicles);
        }
        // Otherwise the check above proved nothing about the weak spot it is there for: files whose tier
        // bookkeeping Chronicle finds wrong. Whether its own recovery then drops entries depends on where they
        // landed, which differs from run to run (8 rounds have been seen without a loss), so that is reported,
        // not required.
        assertTrue(fixes.stream().anyMatch(f -> f.contains("actual tiers in use")), "in " + round + " rounds"
                + " Chronicle's recovery found the tier bookkeeping right every time (its fixes: " + fixes
                + "): the workload no longer reaches the weak spot");
        System.getLogger(TieredRecoveryTest.class.getName()).log(System.Logger.Level.INFO, "in " + round
                + " rounds Chronicle's own recovery lost " + lostByChronicle + " entries; ours none");
    }

    private Path copy(Path file, String where) throws Exception {
        Path to = Files.createDirectories(dir.resolve(where)).resolve(file.getFileName());
        Files.copy(file, to);
        return to;
    }

    /** A deterministic mix of sets (16 B to 128 KiB) and deletes over 1,000 keys, and its expected state. */
    static final class Workload {
        static final int KEYS = 1_000;

        private Workload() {
        }

        static Map<String, byte[]> run(KvStore store, long seed, int ops) {
            return run(store, seed, ops, new TreeMap<>());
        }

        static Map<String, byte[]> run(KvStore store, long seed, int ops, Map<String, byte[]> model) {
            java.util.Random random = new java.util.Random(seed);
            for (int n = 0; n < ops; n++) {
                String key = "k" + random.nextInt(KEYS);
                if (random.nextInt(5) == 0) {
                    store.delete(key);
                    model.remove(key);
                } else {
                    int size = random.nextInt(4) == 0 ? 16 + random.nextInt(128 << 10) : 16 + random.nextInt(256);
                    byte[] value = new byte[size];
                    random.nextBytes(value);
                    store.set(key, Payload.copyOf(value));
                    model.put(key, value);
                }
            }
            return model;
        }

        /** The keys whose stored state in {@code map} is not the model's, each with what is wrong. */
        static List<String> differences(ChronicleMap<byte[], byte[]> map, Map<String, byte[]> model) {
            List<String> wrong = new ArrayList<>();
            for (int k = 0; k < KEYS; k++) {
                String key = "k" + k;
                byte[] stored = map.get(Backing.userKey(key));
                boolean live = stored != null && stored[8] == 0;
                byte[] expected = model.get(key);
                if (expected == null ? live : !live) {
                    wrong.add(key + (expected == null ? " holds a value, expected none" : " is missing"));
                } else if (expected != null) {
                    byte[] payload = java.util.Arrays.copyOfRange(stored, 9, stored.length);
                    if (!java.util.Arrays.equals(expected, payload)) {
                        wrong.add(key + " holds another value");
                    }
                }
            }
            return wrong;
        }
    }

    @Test
    void theWorkloadsModelMatchesAStoreThatWasNeverRecovered() {
        KvConfig config = ChronicleProviderTest.config(dir);
        try (KvStore store = new ChronicleKvProvider().open("plain", config)) {
            Map<String, byte[]> model = Workload.run(store, 5, 2_000);
            for (Map.Entry<String, byte[]> e : model.entrySet()) {
                assertArrayEquals(e.getValue(), store.get(e.getKey()).toByteArray(), e.getKey());
            }
            @SuppressWarnings("unchecked")
            ChronicleMap<byte[], byte[]> map = store.unwrap(ChronicleMap.class);
            assertEquals(List.of(), Workload.differences(map, model));
        }
    }
}
