package dev.kv.provider.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
