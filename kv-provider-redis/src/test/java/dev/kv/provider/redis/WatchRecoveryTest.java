package dev.kv.provider.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvEvent;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Watchers across a lost pub/sub connection: the server kills it ({@code CLIENT KILL}, or its output buffer
 * limit while a message is sent), Lettuce reconnects, and the relay delivers what changed meanwhile. The writer
 * is another client (its own connections, as another process would have), so its writes reach the watcher only
 * through the server.
 */
class WatchRecoveryTest {

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass();

    private static KvStore open(String namespace, String timeout) {
        // A different timeout is a different connection identity: separate connections, like another process.
        return new RedisKvProvider().open("watched", KvConfig.builder().set("kv.redis.uri", SERVER.get().uri())
                .set("kv.redis.namespace", namespace).set("kv.redis.timeout", timeout).build());
    }

    @Test
    void afterClientKillOfTheWatchConnectionTheLastValueArrivesInOrder() throws Exception {
        try (KvStore watcher = open("client-kill", "5s"); KvStore writer = open("client-kill", "4s")) {
            EventLog log = new EventLog();
            watcher.events(watcher.watch("k")).subscribe(log);
            writer.set("k", Payload.ofUtf8("v0"));
            log.awaitLast("v0");
            assertEquals("1", SERVER.get().call("CLIENT", "KILL", "TYPE", "pubsub").strip());
            List<String> written = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                writer.set("k", Payload.ofUtf8("v" + i));
                written.add("v" + i);
            }
            log.awaitLast("v50");
            assertInWriteOrder(log.values());
            log.cancel();
        }
    }

    @Test
    void aChangeWhoseMessageTheServerDroppedIsDeliveredAfterTheReconnect() throws Exception {
        try (KvStore watcher = open("dropped", "5s"); KvStore writer = open("dropped", "4s")) {
            EventLog log = new EventLog();
            watcher.events(watcher.watch("k")).subscribe(log);
            writer.set("k", Payload.ofUtf8("seen"));
            log.awaitLast("seen");
            long before = outputBufferDisconnections();
            // Any message now overflows a subscriber's output buffer: the server drops it and the connection.
            SERVER.get().call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1 1 0");
            // Small replies sit in a client's fixed 16 KiB buffer, which the limit does not count: the largest
            // payload carried in a message spills over it.
            String dropped = "dropped-message-" + "d".repeat(Scripts.INLINE_BYTES - 16);
            try {
                writer.set("k", Payload.ofUtf8(dropped));
            } finally {
                SERVER.get().call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 32mb 8mb 60");
            }
            assertTrue(outputBufferDisconnections() > before, "the server did not drop the subscriber: " + SERVER.get().log());
            log.awaitLast(dropped);
            writer.delete("k");
            log.awaitLast("<deleted>");
            List<KvEvent> events = log.events();
            for (int i = 1; i < events.size(); i++) {
                assertTrue(events.get(i).sequence() > events.get(i - 1).sequence(), events::toString);
            }
        }
    }

    @Test
    void tenThousandWatchedKeysUseOnePubSubConnection() throws Exception {
        try (KvStore watcher = open("many", "5s"); KvStore writer = open("many", "4s")) {
            List<EventLog> logs = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                EventLog log = new EventLog();
                watcher.events(watcher.watch("key-" + i)).subscribe(log);
                logs.add(log);
            }
            RedisStoreState state = watcher.unwrap(RedisStore.class).state();
            assertEquals(1, state.connections().relay().pubSubConnections());
            String clients = SERVER.get().call("CLIENT", "LIST", "TYPE", "pubsub");
            assertEquals(1, clients.lines().filter(l -> !l.isBlank()).count(), clients);
            for (int i = 0; i < 10_000; i += 997) {
                writer.set("key-" + i, Payload.ofUtf8("x" + i));
            }
            for (int i = 0; i < 10_000; i += 997) {
                logs.get(i).awaitLast("x" + i);
            }
            logs.forEach(EventLog::cancel);
        }
    }

    /** How often the server's log says it closed a client for its output buffer (Redis 7.0 has no counter). */
    private static long outputBufferDisconnections() {
        return SERVER.get().log().lines().filter(l -> l.contains("closed ASAP for overcoming of output buffer limits")).count();
    }

    /** PROC-4: values arrive in the order written (v0, v1, ...), some possibly coalesced, never backwards. */
    private static void assertInWriteOrder(List<String> values) {
        int last = -1;
        for (String v : values) {
            int n = Integer.parseInt(v.substring(1));
            assertTrue(n > last, () -> "events out of order: " + values);
            last = n;
        }
    }
}
