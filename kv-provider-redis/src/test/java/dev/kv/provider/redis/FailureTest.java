package dev.kv.provider.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * What users see when the server is missing, goes away, comes back, refuses the credentials or may evict.
 * Real servers, killed with SIGKILL. The preemptive timeouts here only detect a hang (they are many times the
 * configured {@code kv.redis.timeout}); they are not timings.
 */
class FailureTest {

    private static final Duration HANG = Duration.ofSeconds(60);
    private static final String SECRET = "n0t-Sh0wn-4nywhere";

    @TempDir
    Path dir;

    private static KvConfig config(String uri, String... more) {
        KvConfig.Builder b = KvConfig.builder().set("kv.redis.uri", uri).set("kv.redis.timeout", "1s")
                .set("kv.redis.namespace", "failure-test");
        for (int i = 0; i < more.length; i += 2) {
            b.set(more[i], more[i + 1]);
        }
        return b.build();
    }

    private static KvException fails(Executable e) {
        return assertTimeoutPreemptively(HANG, () -> assertThrows(KvException.class, e));
    }

    @Test
    void anUnreachableServerFailsOpenWithStorageNamingItWithoutThePassword() {
        int port = RedisServer.freePort();
        KvException e = fails(() -> new RedisKvProvider().open("orders",
                config("redis://app:" + SECRET + "@127.0.0.1:" + port)));
        assertEquals(KvException.Reason.STORAGE, e.reason());
        assertTrue(e.getMessage().contains("redis://127.0.0.1:" + port) && e.getMessage().contains("orders"),
                e.getMessage());
        assertFalse(String.valueOf(e).contains(SECRET) || stackText(e).contains(SECRET), e::getMessage);
    }

    @Test
    void aWrongPasswordFailsOpenNamingTheUserAndNotThePassword() {
        RedisServer server = RedisServer.start(dir.resolve("auth"));
        try {
            server.call("ACL", "SETUSER", "alice", "on", ">right-one", "~*", "&*", "+@all");
            server.call("CONFIG", "SET", "requirepass", "right-default");
            KvException e = fails(() -> new RedisKvProvider().open("orders",
                    config(server.uri(), "kv.redis.user", "alice", "kv.redis.password", SECRET)));
            assertEquals(KvException.Reason.CONFIGURATION, e.reason());
            assertTrue(e.getMessage().contains("'alice'") && e.getMessage().contains(server.uri()), e.getMessage());
            assertFalse(stackText(e).contains(SECRET), e::getMessage);
            try (KvStore store = new RedisKvProvider().open("orders",
                    config(server.uri(), "kv.redis.user", "alice", "kv.redis.password", "right-one"))) {
                store.set("k", Payload.ofUtf8("v"));
                assertEquals("v", store.get("k").toUtf8());
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void whileTheServerIsGoneEachOperationFailsWithStorageNamingItAndAfterItReturnsTheyWorkAgain() {
        RedisServer server = RedisServer.start(dir.resolve("gone"), "--appendonly", "yes", "--appendfsync", "always");
        try (KvStore store = new RedisKvProvider().open("orders", config(server.uri()))) {
            store.set("kept", Payload.ofUtf8("before"));
            server.kill();
            KvException get = fails(() -> store.get("kept"));
            KvException set = fails(() -> store.set("kept", Payload.ofUtf8("during")));
            KvException delete = fails(() -> store.delete("kept"));
            for (KvException e : List.of(get, set, delete)) {
                assertEquals(KvException.Reason.STORAGE, e.reason(), e.getMessage());
                assertTrue(e.getMessage().contains("'kept'") && e.getMessage().contains("orders"), e.getMessage());
            }
            assertTrue(get.getMessage().startsWith("get of key"), get.getMessage());
            assertTrue(set.getMessage().startsWith("set of key"), set.getMessage());
            assertTrue(delete.getMessage().startsWith("delete of key"), delete.getMessage());

            server.launch();
            Payload back = assertTimeoutPreemptively(HANG, () -> {
                while (true) {
                    try {
                        return store.get("kept");
                    } catch (KvException e) {
                        assertEquals(KvException.Reason.STORAGE, e.reason());
                        Thread.sleep(100);
                    }
                }
            });
            // "during" may or may not have been applied (the README says so); the server had it fsynced if so.
            assertTrue(back.toUtf8().equals("before") || back.toUtf8().equals("during"), back.toUtf8());
            store.set("kept", Payload.ofUtf8("after"));
            assertEquals("after", store.get("kept").toUtf8());
        } finally {
            server.stop();
        }
    }

    @Test
    void theRequestQueueIsBoundedWhileTheServerIsGone() throws Exception {
        RedisServer server = RedisServer.start(dir.resolve("queue"));
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try (KvStore store = new RedisKvProvider().open("orders",
                config(server.uri(), "kv.redis.requestQueueSize", "16", "kv.redis.timeout", "3s"))) {
            store.set("k", Payload.ofUtf8("v"));
            server.kill();
            List<Future<KvException>> calls = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                calls.add(pool.submit(() -> assertThrows(KvException.class, () -> store.get("k"))));
            }
            int queueFull = 0;
            for (Future<KvException> f : calls) {
                KvException e = assertTimeoutPreemptively(HANG, () -> f.get());
                assertEquals(KvException.Reason.STORAGE, e.reason(), e.getMessage());
                if (e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("queue")) {
                    queueFull++;
                }
            }
            assertTrue(queueFull > 0, "64 concurrent calls to a gone server with a queue of 16: none was refused"
                    + " for a full queue");
        } finally {
            pool.shutdownNow();
            server.stop();
        }
    }

    @Test
    void aServerThatMayEvictAnyKeyIsReportedAtOpenNamingThePolicy() {
        RedisServer evicting = RedisServer.start(dir.resolve("lru"), "--maxmemory-policy", "allkeys-lru");
        RedisServer safe = RedisServer.start(dir.resolve("noeviction"), "--maxmemory-policy", "noeviction");
        List<String> warnings = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    synchronized (warnings) {
                        warnings.add(r.getMessage());
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger("dev.kv.provider.redis");
        log.addHandler(handler);
        try {
            try (KvStore store = new RedisKvProvider().open("orders", config(safe.uri()))) {
                store.set("k", Payload.ofUtf8("v"));
            }
            synchronized (warnings) {
                assertTrue(warnings.stream().noneMatch(w -> w.contains("maxmemory-policy")), warnings::toString);
            }
            try (KvStore store = new RedisKvProvider().open("orders", config(evicting.uri()))) {
                store.set("k", Payload.ofUtf8("v"));
            }
            synchronized (warnings) {
                assertTrue(warnings.stream().anyMatch(w -> w.contains("maxmemory-policy allkeys-lru")
                        && w.contains(evicting.uri())), warnings::toString);
            }
        } finally {
            log.removeHandler(handler);
            evicting.stop();
            safe.stop();
        }
    }

    @Test
    void aWriteTheServerRefusesForMemoryLeavesThePreviousValueAndAnnouncesNothing() throws Exception {
        RedisServer server = RedisServer.start(dir.resolve("oom"), "--maxmemory-policy", "noeviction");
        try (KvStore store = new RedisKvProvider().open("orders", config(server.uri()))) {
            store.set("kept", Payload.ofUtf8("old"));
            String hash = new String(new Layout("failure-test").hashKey("orders", "kept"),
                    java.nio.charset.StandardCharsets.UTF_8);
            long first = Long.parseLong(server.call("HGET", hash, "r"));
            EventLog log = new EventLog();
            store.events(store.watch("kept")).subscribe(log);
            // Below what the server already uses: under noeviction it refuses every write with OOM.
            server.call("CONFIG", "SET", "maxmemory", "1");
            KvException e = assertThrows(KvException.class, () -> store.set("kept", Payload.ofUtf8("new")));
            assertEquals(KvException.Reason.STORAGE, e.reason());
            assertTrue(e.getMessage().startsWith("set of key 'kept'") && e.getMessage().contains("OOM"), e.getMessage());
            server.call("CONFIG", "SET", "maxmemory", "0");
            assertEquals("old", store.get("kept").toUtf8());
            store.set("kept", Payload.ofUtf8("after"));
            log.awaitLast("after");
            assertEquals(java.util.List.of("after"), log.values(), "the refused write was announced");
            assertEquals(Long.toString(first + 1), server.call("HGET", hash, "r"),
                    "the refused write bumped the revision");
        } finally {
            server.stop();
        }
    }

    private static String stackText(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
