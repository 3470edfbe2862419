package dev.kv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.cli.Launcher.Running;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kv watch in one process sees kv set and kv delete run as other processes (chronicle's cross-process watch). */
class WatchIT {

    private static final Pattern SEQ = Pattern.compile("^(SET|DELETE) seq=(\\d+) key='k'");

    @TempDir
    Path data;

    @Test
    void watchSeesWritesOfOtherProcessesAndExitsAfterCount() throws InterruptedException {
        Launcher kv = new Launcher(data);
        try (Running watch = kv.start("watch", "--count", "4", "orders", "k")) {
            String ready = watch.awaitErr(line -> line.startsWith("kv: watching "));
            assertTrue(ready.startsWith("kv: watching key 'k' in store 'orders' (chronicle:"), ready);
            assertTrue(ready.endsWith("; exiting after 4 events"), ready);

            kv.run("set", "orders", "k", "pending").expect(0);
            kv.run("set", "orders", "other-key", "not watched").expect(0);
            byte[] binary = {0, 1, 2, (byte) 0xff, '\n'};
            kv.run(binary, "set", "orders", "k").expect(0);
            kv.run("delete", "orders", "k").expect(0);
            kv.run("set", "orders", "k", "shipped").expect(0);

            assertEquals(0, watch.awaitExit(), watch.describe());
            List<String> lines = watch.outLines();
            assertEquals(4, lines.size(), watch.describe());
            assertLine("SET", " size=7 value='pending'", lines.get(0));
            assertLine("SET", " size=5 (binary)", lines.get(1));
            assertLine("DELETE", "", lines.get(2));
            assertLine("SET", " size=7 value='shipped'", lines.get(3));
            long previous = -1;
            for (String line : lines) {
                Matcher m = SEQ.matcher(line);
                assertTrue(m.find(), line);
                long seq = Long.parseLong(m.group(2));
                assertTrue(seq > previous, "sequence numbers increase: " + lines);
                previous = seq;
            }
            assertFalse(watch.errText().contains("Exception"), watch.describe());
        }
    }

    private static void assertLine(String kind, String rest, String line) {
        Matcher m = SEQ.matcher(line);
        assertTrue(m.find() && m.group(1).equals(kind), "expected a " + kind + " line, got " + line);
        assertEquals(rest, line.substring(m.end()), line);
    }

    @Test
    void watchWithoutCountRunsUntilStoppedAndStopsQuietly() throws InterruptedException {
        Launcher kv = new Launcher(data);
        try (Running watch = kv.start("watch", "s", "k")) {
            String ready = watch.awaitErr(line -> line.startsWith("kv: watching "));
            assertTrue(ready.endsWith("; Ctrl-C to stop"), ready);
            kv.run("set", "s", "k", "v").expect(0);
            long end = System.nanoTime() + Launcher.DEADLINE.toNanos();
            while (watch.outLines().isEmpty() && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertEquals(1, watch.outLines().size(), watch.describe());
            assertTrue(watch.process.isAlive(), "still watching after an event: " + watch.describe());
            watch.process.destroy(); // SIGTERM, handled like Ctrl-C: shutdown hooks close the store
            int status = watch.awaitExit();
            assertEquals(143, status, "killed by SIGTERM: " + watch.describe());
            assertFalse(watch.errText().contains("Exception") || watch.errText().contains("\tat "), watch.describe());
        }
    }

    @Test
    void watchWithAProviderWithoutCrossProcessWatchSaysItWillSeeNothing() throws InterruptedException {
        Launcher kv = new Launcher(data);
        try (Running watch = kv.start("--provider", "memory", "watch", "s", "k")) {
            String warning = watch.awaitErr(line -> line.startsWith("kv: warning: "));
            assertEquals("kv: warning: provider 'memory' does not declare CROSS_PROCESS_WATCH: this watch sees only"
                    + " writes made by this process, so none", warning);
            watch.awaitErr(line -> line.startsWith("kv: watching key 'k' in store 's' (memory:"));
            assertFalse(watch.errText().contains("did not exist"), "a store that ends with the command is not"
                    + " reported as created: " + watch.describe());
        }
    }
}
