package dev.kv.provider.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lock of the map that is never released (as one held by a process that died writing) makes every operation
 * of the key fail, once Chronicle's lock wait runs out, with the provider's STORAGE message saying what happened
 * and what to do, on every path: get, set and delete (whose first look-up once escaped with Chronicle's text).
 */
class LockTimeoutTest {

    @TempDir
    Path dir;

    /**
     * Issue 13 (a): a process opening the store while another, which has it open, dies holding a lock of the map
     * fails at once with the provider's explanation, not after Chronicle's lock wait with Chronicle's advice.
     */
    @Test
    void anOpenWaitingOnALockThatADyingProcessHoldsFailsSayingWhoDiedAndWhatToDo() throws Exception {
        KvConfig config = ChronicleProviderTest.config(dir);
        try (KvStore s = new ChronicleKvProvider().open("dying", config)) {
            s.set("a", Payload.ofUtf8("1"));
        }
        Process holder = new ProcessBuilder(ChildJvm.command(ChildJvm.standardOptions(), false, ChildMain.class,
                "lock-meta", dir.toString(), "dying")).redirectError(dir.resolve("holder.err").toFile()).start();
        Process opener = null;
        try {
            String locked = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertTrue(locked != null && locked.startsWith("LOCKED "), () -> locked + " " + read("holder.err"));
            long holderPid = holder.pid();
            opener = new ProcessBuilder(ChildJvm.command(ChildJvm.standardOptions(), false, ChildMain.class,
                    "open", dir.toString(), "dying")).redirectOutput(dir.resolve("opener.out").toFile())
                    .redirectError(dir.resolve("opener.err").toFile()).start();
            // Once the opener holds its slot it has scanned the slots and goes on to read the settings entry.
            // (This JVM holds no lock of the lock file, so scanning it from here releases nothing.)
            try (LockFile lf = LockFile.open(StoreFiles.lockFile(dir, "dying"))) {
                while (!lf.scan().livePids.contains(opener.pid()) && opener.isAlive()) {
                    Thread.sleep(5);
                }
            }
            holder.destroyForcibly().waitFor();
            assertTrue(opener.waitFor(2, TimeUnit.MINUTES), "the opener never finished");
            String result = read("opener.out");
            assertTrue(result.startsWith("ERROR STORAGE ") && result.contains("process(es) [" + holderPid
                    + "] ended without closing it while this process was opening it"), () -> result + read("opener.err"));
            assertTrue(result.contains("open it again"), result);
        } finally {
            holder.destroyForcibly();
            if (opener != null) {
                opener.destroyForcibly();
            }
        }
        try (KvStore s = new ChronicleKvProvider().open("dying", config)) {
            assertEquals("1", s.get("a").toUtf8());
        }
    }

    private String read(String file) {
        Path p = dir.resolve(file);
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void everyOperationOnAKeyWhoseLockIsNeverReleasedFailsWithTheProvidersExplanation() throws Exception {
        List<String> options = new ArrayList<>(ChildJvm.standardOptions());
        options.add("-Dnet.openhft.chronicle.map.lockTimeoutSeconds=1");
        ChildJvm.Result r = ChildJvm.run(ChildJvm.command(options, false, ChildMain.class, "stuck-ops",
                dir.toString(), "stuck"), dir);
        List<String> lines = r.out.lines().filter(l -> !l.isBlank()).toList();
        assertEquals("END", lines.isEmpty() ? "" : lines.get(lines.size() - 1), r::toString);
        for (String op : List.of("get", "set", "delete")) {
            String line = lines.stream().filter(l -> l.startsWith(op + " ")).findFirst().orElse("");
            String verb = op.equals("get") ? "read" : op;
            assertTrue(line.startsWith(op + " STORAGE " + verb + " of key 'k' in store 'stuck' "), () -> line + "\n" + r);
            assertTrue(line.contains("timed out on a lock of the map") && line.contains("open it again to recover"),
                    () -> line + "\n" + r);
        }
    }
}
