package dev.kv.provider.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a delete leaves on the server: a tombstone (the key's revision alone) that expires after
 * {@code kv.redis.tombstoneTtl}, so a store whose keys come and go does not grow without end, while a key set
 * again, before or after its tombstone is gone, still gets a revision above every one it had.
 */
class TombstoneTest {

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass();

    private static KvStore open(String namespace, String tombstoneTtl, String timeout) {
        // A different timeout is a different connection identity: separate connections, like another process.
        return new RedisKvProvider().open("s", KvConfig.builder().set("kv.redis.uri", SERVER.get().uri())
                .set("kv.redis.namespace", namespace).set("kv.redis.tombstoneTtl", tombstoneTtl)
                .set("kv.redis.timeout", timeout).build());
    }

    private static String hash(String namespace, String key) {
        return new String(new Layout(namespace).hashKey("s", key), StandardCharsets.UTF_8);
    }

    private static long revision(String hash) {
        String r = SERVER.get().call("HGET", hash, "r");
        return r == null ? 0 : Long.parseLong(r);
    }

    /** The key's remaining time to live in ms, -1 for none ({@link RedisServer#call} takes a '-' for an error). */
    private static long pttl(String hash) {
        try {
            return Long.parseLong(SERVER.get().command("PTTL", hash));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the server has expired {@code hash}; a hang detector, not a timing. */
    private static void awaitGone(String hash) {
        long deadline = System.nanoTime() + EventLog.PATIENCE.toNanos();
        while (!"0".equals(SERVER.get().call("EXISTS", hash))) {
            assertTrue(System.nanoTime() < deadline, () -> hash + " never expired: PTTL "
                    + pttl(hash) + ", " + SERVER.get().call("HGETALL", hash));
            RedisServer.sleep(20);
        }
    }

    @Test
    void aDeleteLeavesATombstoneThatExpiresAndASetMakesItLastingAgain() {
        try (KvStore store = open("ttl", "1h", "5s")) {
            String hash = hash("ttl", "k");
            store.set("k", Payload.ofUtf8("v"));
            assertEquals(-1, pttl(hash), "a value must not expire");
            long set = revision(hash);
            store.delete("k");
            long ttl = pttl(hash);
            assertTrue(ttl > 0 && ttl <= 3_600_000, "the tombstone's PTTL is " + ttl);
            assertNull(SERVER.get().call("HGET", hash, "v"));
            assertEquals(set + 1, revision(hash), "the tombstone keeps the revision");
            // A delete of what is already deleted writes nothing, so it does not extend the tombstone either.
            SERVER.get().call("PEXPIRE", hash, "600000");
            store.delete("k");
            assertTrue(pttl(hash) <= 600_000);
            assertEquals(set + 1, revision(hash), "a delete of nothing writes nothing");
            store.set("k", Payload.ofUtf8("again"));
            assertEquals(-1, pttl(hash), "a value set over a tombstone must not expire with it");
            assertEquals(set + 2, revision(hash));
            assertEquals("again", store.get("k").toUtf8());
        }
    }

    @Test
    void aKeySetAfterItsTombstoneExpiredGetsAHigherRevisionThanEver() {
        try (KvStore store = open("expired", "20ms", "5s")) {
            String hash = hash("expired", "k");
            for (int i = 0; i < 100; i++) {
                store.set("k", Payload.ofUtf8("v" + i));
            }
            store.delete("k");
            long last = revision(hash);
            awaitGone(hash);
            assertTrue(store.find("k").isEmpty());
            store.set("k", Payload.ofUtf8("new"));
            long revision = revision(hash);
            assertTrue(revision > last, "revision went from " + last + " back to " + revision);
            assertEquals(-1, pttl(hash));
        }
    }

    @Test
    void aWatcherSeesNoChangeWhenATombstoneExpiresAndSeesTheNextValue() throws Exception {
        try (KvStore watcher = open("watched", "20ms", "5s"); KvStore writer = open("watched", "20ms", "4s")) {
            EventLog log = new EventLog();
            watcher.events(watcher.watch("k")).subscribe(log);
            writer.set("k", Payload.ofUtf8("v"));
            log.awaitLast("v");
            writer.delete("k");
            log.awaitLast("<deleted>");
            awaitGone(hash("watched", "k"));
            // What a reconnect does: the absent key is absent still, not a change to report (nor lost writes).
            RedisStoreState state = watcher.unwrap(RedisStore.class).state();
            state.resync("k");
            writer.set("k", Payload.ofUtf8("again"));
            log.awaitLast("again");
            state.resync("k");
            writer.delete("k");
            log.awaitLast("<deleted>");
            assertEquals(List.of("v", "<deleted>", "again", "<deleted>"), log.values());
            log.cancel();
        }
    }
}
