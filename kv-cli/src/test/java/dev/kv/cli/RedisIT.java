package dev.kv.cli;

import static dev.kv.cli.Launcher.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.cli.Launcher.Result;
import dev.kv.cli.Launcher.Running;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's redis examples through the real {@code ./kv}, each run its own JVM, against a real
 * {@code redis-server} at {@code KV_REDIS_URI}: what one process sets, the next reads, and a watcher in a third
 * sees; an unreachable server and a wrong password are one clear line that never shows the password.
 */
class RedisIT {

    @TempDir
    Path data;

    @Test
    void setGetDeleteAndWatchGoThroughTheServerAcrossProcesses(@TempDir Path serverDir) throws Exception {
        try (RedisProcess redis = RedisProcess.start(serverDir)) {
            Launcher kv = new Launcher(data).env("KV_REDIS_URI", redis.uri());
            Result providers = kv.run("providers").expect(0);
            assertTrue(providers.out().contains("redis\n") && providers.out().contains("    kv.redis.uri  default "
                    + "redis://127.0.0.1:6379, environment KV_REDIS_URI\n"), providers.describe());
            assertTrue(providers.out().contains("    kv.redis.user  default unset, environment KV_REDIS_USER\n")
                    && !providers.out().contains("default null"), providers.describe());

            try (Running watch = kv.start("--provider", "redis", "watch", "--count", "3", "greetings", "en")) {
                String ready = watch.awaitErr(line -> line.startsWith("kv: watching "));
                assertTrue(ready.startsWith("kv: watching key 'en' in store 'greetings' (redis:redis://127.0.0.1:"
                        + redis.port + "/kv/greetings)"), ready);
                kv.run("--provider", "redis", "set", "greetings", "en", "hello").expect(0);
                assertEquals("hello", kv.run("--provider", "redis", "get", "greetings", "en").expect(0).out());
                kv.run("--provider", "redis", "delete", "greetings", "en").expect(0);
                kv.run("--provider", "redis", "set", "greetings", "en", "").expect(0);
                assertEquals(0, watch.awaitExit(), watch.describe());
                List<String> lines = watch.outLines();
                assertEquals(3, lines.size(), watch.describe());
                assertTrue(lines.get(0).startsWith("SET ") && lines.get(0).endsWith(" key='en' size=5 value='hello'"),
                        watch.describe());
                assertTrue(lines.get(1).startsWith("DELETE ") && lines.get(1).endsWith(" key='en'"), watch.describe());
                // The empty payload is a value, not a missing key.
                assertTrue(lines.get(2).startsWith("SET ") && lines.get(2).endsWith(" key='en' size=0 value=''"),
                        watch.describe());
                assertFalse(watch.errText().contains("Exception"), watch.describe());
                // a redis store exists while it holds a key: watching one that holds none creates nothing to mention
                assertFalse(watch.errText().contains("did not exist"), watch.describe());
            }
            Result empty = kv.run("--provider", "redis", "get", "greetings", "en").expect(0);
            assertEquals(0, empty.stdout.length, empty.describe());
            // Stores of redis live on the server: the local data directory holds nothing of them.
            try (var files = Files.list(data)) {
                assertEquals(List.of(), files.toList());
            }
        }
    }

    @Test
    void aMissingKeyIsExitOneAndAnUnreachableServerIsOneLineWithoutThePassword() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Launcher kv = new Launcher(data).env("KV_REDIS_URI", "redis://:s3cret-pass@127.0.0.1:" + closed)
                .env("KV_REDIS_PASSWORD", null);
        Result r = kv.run("--provider", "redis", "-c", "kv.redis.timeout=2s", "set", "s", "k", "v").expect(1);
        assertTrue(r.stderr.startsWith("kv: ") && r.stderr.contains("redis://127.0.0.1:" + closed), r.describe());
        assertTrue(r.stderr.contains("'s'"), "the message names the store: " + r.describe());
        assertFalse(r.stderr.contains("s3cret"), "the password must never be shown: " + r.describe());
        assertEquals(1, r.stderr.strip().lines().count(), r.describe());
        assertNoStackTrace(r);
    }

    @Test
    void aWrongPasswordIsRefusedNamingTheServerButNotThePassword(@TempDir Path serverDir) throws Exception {
        try (RedisProcess redis = RedisProcess.start(serverDir, "--requirepass", "right-pass")) {
            String uri = "redis://127.0.0.1:" + redis.port;
            Launcher kv = new Launcher(data).env("KV_REDIS_URI", uri).env("KV_REDIS_PASSWORD", "wrong-pass");
            Result r = kv.run("--provider", "redis", "get", "s", "k").expect(1);
            assertTrue(r.stderr.startsWith("kv: ") && r.stderr.contains(uri), r.describe());
            assertTrue(r.stderr.contains("refused the credentials of user 'default' (check kv.redis.user and"
                    + " kv.redis.password)"), r.describe());
            assertFalse(r.stderr.contains("wrong-pass") || r.stderr.contains("right-pass"), r.describe());
            assertNoStackTrace(r);

            Launcher right = new Launcher(data).env("KV_REDIS_URI", uri).env("KV_REDIS_PASSWORD", "right-pass");
            right.run("--provider", "redis", "set", "s", "k", "v").expect(0);
            Result missing = right.run("--provider", "redis", "get", "s", "missing").expect(1);
            assertEquals("kv: no such key 'missing' in store 's'\n", missing.stderr, missing.describe());
            assertEquals("v", right.run("--provider", "redis", "get", "s", "k").expect(0).out());
        }
    }

    @Test
    void storesListsTheServersStoresAndDropRefusesWhileAnotherProcessHasOneOpen(@TempDir Path serverDir)
            throws Exception {
        try (RedisProcess redis = RedisProcess.start(serverDir)) {
            Launcher kv = new Launcher(data).env("KV_REDIS_URI", redis.uri()).env("KV_PROVIDER", "redis");
            assertEquals("", kv.run("stores").expect(0).out(), "no store yet");
            kv.run("set", "orders", "42", "kept").expect(0);
            kv.run("set", "orders", "43", "also").expect(0);
            kv.run("set", "users", "ann", "x").expect(0);
            List<String> listing = kv.run("stores").expect(0).out().lines().toList();
            assertEquals(2, listing.size(), listing.toString());
            assertTrue(listing.get(0).matches("orders +- +redis://127\\.0\\.0\\.1:" + redis.port
                    + " in namespace 'kv', 2 keys"), listing.toString());
            assertTrue(listing.get(1).startsWith("users "), listing.toString());
            try (Running watch = kv.start("watch", "orders", "42")) {
                watch.awaitErr(l -> l.startsWith("kv: watching "));
                Result refused = kv.run("drop", "orders").expect(1);
                assertTrue(refused.stderr.startsWith("kv: redis store 'orders' at redis://127.0.0.1:" + redis.port
                        + " in namespace 'kv' is open in process " + watch.process.pid() + " on "), refused.describe());
                assertTrue(refused.stderr.endsWith("; close it there first; nothing was removed\n"), refused.describe());
                assertEquals("kept", kv.run("get", "orders", "42").expect(0).out());
                // Ctrl-C (SIGTERM here): the watch closes its store on the way out, which ends its lease at once.
                watch.process.destroy();
                assertTrue(watch.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), watch.describe());
            }
            Result drop = kv.run("drop", "orders").expect(0);
            assertEquals("kv: dropped store 'orders'\n", drop.stderr, drop.describe());
            assertTrue(kv.run("stores").expect(0).out().startsWith("users "), "only users is left");
            kv.run("get", "orders", "42").expect(1);
            Result again = kv.run("drop", "orders").expect(1);
            assertTrue(again.stderr.startsWith("kv: no redis store 'orders' at "), again.describe());
        }
    }
}
