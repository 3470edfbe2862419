package dev.kv.provider.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server is killed with SIGKILL in the middle of a stream of writes and started again on its files: with
 * {@code appendonly yes} and {@code appendfsync always}, every write whose {@code set} returned is there, and the
 * one in flight is either there whole or not at all.
 */
class ServerCrashTest {

    @TempDir
    Path dir;

    @Test
    void withAppendfsyncAlwaysNoAcknowledgedWriteIsLostWhenTheServerIsKilled() throws Exception {
        RedisServer server = RedisServer.start(dir.resolve("server"), "--appendonly", "yes", "--appendfsync", "always");
        KvConfig config = KvConfig.builder().set("kv.redis.uri", server.uri()).set("kv.redis.timeout", "2s")
                .set("kv.redis.namespace", "crash-test").build();
        try (KvStore store = new RedisKvProvider().open("orders", config)) {
            AtomicInteger acknowledged = new AtomicInteger(-1);
            Thread writer = new Thread(() -> {
                for (int i = 0; ; i++) {
                    try {
                        store.set("k-" + i, Payload.ofUtf8("value-" + i + "-" + "x".repeat(i % 300)));
                        if (i % 3 == 0) {
                            store.delete("k-" + (i - 1));
                        }
                        acknowledged.set(i);
                    } catch (KvException e) {
                        return;
                    }
                }
            });
            writer.start();
            while (acknowledged.get() < 500) {
                Thread.sleep(5);
            }
            server.kill();
            writer.join();
            int last = acknowledged.get();
            server.launch();
            for (int i = 0; i <= last; i++) {
                boolean deleted = i % 3 == 2 && i + 1 <= last;
                Optional<Payload> found = readWithRetry(store, "k-" + i);
                if (i == last && i % 3 == 2 && found.isEmpty()) {
                    continue; // its delete (the next step) was in flight at the kill: applied whole
                }
                if (deleted) {
                    assertEquals(Optional.empty(), found, "k-" + i + " was deleted, acknowledged, and is back");
                } else {
                    assertEquals(Optional.of("value-" + i + "-" + "x".repeat(i % 300)), found.map(Payload::toUtf8),
                            "k-" + i + " was acknowledged before the kill");
                }
            }
            int inFlight = last + 1;
            Optional<Payload> maybe = readWithRetry(store, "k-" + inFlight);
            assertTrue(maybe.isEmpty() || maybe.get().toUtf8().equals("value-" + inFlight + "-" + "x".repeat(inFlight % 300)),
                    () -> "the write in flight left " + maybe);
        } finally {
            server.stop();
        }
    }

    private static Optional<Payload> readWithRetry(KvStore store, String key) {
        return assertTimeoutPreemptively(EventLog.PATIENCE, () -> {
            while (true) {
                try {
                    return store.find(key);
                } catch (KvException e) {
                    assertEquals(KvException.Reason.STORAGE, e.reason());
                    Thread.sleep(100);
                }
            }
        });
    }
}
