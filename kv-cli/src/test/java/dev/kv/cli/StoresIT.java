package dev.kv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.cli.Launcher.Result;
import dev.kv.cli.Launcher.Running;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kv stores, kv drop, and reading commands that create no store. */
class StoresIT {

    @TempDir
    Path data;

    private Launcher kv() {
        return new Launcher(data);
    }

    private List<String> files() throws IOException {
        if (!Files.exists(data)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(data)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void getOfAStoreThatDoesNotExistIsAMissNamingTheStoreAndCreatesNothing() throws IOException {
        Result r = kv().run("get", "nostore", "k").expect(1);
        assertEquals("kv: no such key 'k' in store 'nostore': the store does not exist\n", r.stderr, r.describe());
        assertEquals(List.of(), files(), "nothing created");
    }

    @Test
    void deleteOfAStoreThatDoesNotExistSucceedsAndCreatesNothing() throws IOException {
        Result r = kv().run("delete", "nostore", "k").expect(0);
        assertEquals("", r.stderr, r.describe());
        assertEquals(List.of(), files(), "nothing created");
    }

    @Test
    void watchOfAStoreThatDoesNotExistSaysItCreatesIt() throws InterruptedException {
        try (Running watch = kv().start("watch", "--count", "1", "orders", "42")) {
            watch.awaitErr(l -> l.startsWith("kv: watching "));
            assertTrue(watch.errText().startsWith("kv: store 'orders' did not exist: created it empty to watch key"
                    + " '42' (kv drop orders removes it)\n"), watch.describe());
            kv().run("set", "orders", "42", "pending").expect(0);
            assertEquals(0, watch.awaitExit(), watch.describe());
            assertEquals(List.of("SET seq=1 key='42' size=7 value='pending'"), watch.outLines());
        }
    }

    @Test
    void storesListsEachStoreWithItsSizeAndDropRemovesOne() throws IOException {
        assertEquals("", kv().run("stores").expect(0).out(), "no store yet");
        kv().run("set", "b", "k", "v").expect(0);
        kv().run("set", "a", "k", "v").expect(0);
        String listing = kv().run("stores").expect(0).out();
        String[] lines = listing.split("\n");
        assertEquals(2, lines.length, listing);
        assertTrue(lines[0].matches("a +[0-9.]+ (B|KiB|MiB|GiB) +" + data.resolve("kv-a.cmap")), listing);
        assertTrue(lines[1].matches("b +[0-9.]+ (B|KiB|MiB|GiB) +" + data.resolve("kv-b.cmap")), listing);

        Result drop = kv().run("drop", "a").expect(0);
        assertEquals("kv: dropped store 'a'\n", drop.stderr, drop.describe());
        assertTrue(kv().run("stores").expect(0).out().startsWith("b "), "only b is left");
        assertEquals("kv: no such key 'k' in store 'a': the store does not exist\n",
                kv().run("get", "a", "k").expect(1).stderr);
        assertEquals("v", kv().run("get", "b", "k").expect(0).out());
    }

    @Test
    void dropOfAStoreThatDoesNotExistIsExitOneNamingIt() {
        Result r = kv().run("drop", "nope").expect(1);
        assertEquals("kv: no store 'nope' in " + data + " (kv.chronicle.dataDir); nothing was removed\n", r.stderr,
                r.describe());
    }

    @Test
    void dropRefusesWhileAnotherProcessHasTheStoreOpenNamingIt() throws InterruptedException {
        kv().run("set", "orders", "42", "kept").expect(0);
        try (Running watch = kv().start("watch", "orders", "42")) {
            watch.awaitErr(l -> l.startsWith("kv: watching "));
            Result r = kv().run("drop", "orders").expect(1);
            assertEquals("kv: store 'orders' (" + data.resolve("kv-orders.cmap") + ") is open in process "
                    + watch.process.pid() + "; close it there first; nothing was removed\n", r.stderr, r.describe());
        }
        assertEquals("kept", kv().run("get", "orders", "42").expect(0).out());
    }

    @Test
    void memoryHasNoStoresOnceTheCommandThatOpenedThemEnds() {
        kv().run("--provider", "memory", "set", "s", "k", "v").expect(0);
        Result r = kv().run("--provider", "memory", "stores").expect(0);
        assertEquals("", r.out() + r.stderr, r.describe());
        Result drop = kv().run("--provider", "memory", "drop", "s").expect(1);
        assertEquals("kv: there is no memory store 's' in this JVM (a memory store exists only while a handle to it"
                + " is open)\n", drop.stderr, drop.describe());
    }
}
