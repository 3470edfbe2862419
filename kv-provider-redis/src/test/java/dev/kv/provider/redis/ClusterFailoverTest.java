package dev.kv.provider.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import io.lettuce.core.cluster.SlotHash;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/**
 * A Cluster primary is killed (SIGKILL) and its replica promoted: writes resume on the new primary, and watchers
 * of keys on the lost node move there, recover and receive the last values. The writer is another client with
 * its own connections, so its writes reach the watcher only through the servers.
 */
class ClusterFailoverTest {

    private static final String NAMESPACE = "failover";
    private static final String STORE = "orders";
    @TempDir
    static Path clusterDir;
    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = RedisCluster.start(clusterDir);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    private static KvStore open(String timeout) {
        return new RedisKvProvider().open(STORE, KvConfig.builder().set("kv.redis.uri", cluster.uri())
                .set("kv.redis.namespace", NAMESPACE).set("kv.redis.timeout", timeout).build());
    }

    @Test
    void afterAPrimaryIsKilledAndItsReplicaPromotedWritesResumeAndWatchersGetTheLastValues() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            keys.add("key-" + i);
        }
        try (KvStore watcher = open("5s"); KvStore writer = open("4s")) {
            List<EventLog> logs = new ArrayList<>();
            for (String k : keys) {
                EventLog log = new EventLog();
                watcher.events(watcher.watch(k)).subscribe(log);
                logs.add(log);
            }
            for (String k : keys) {
                writer.set(k, Payload.ofUtf8("before-" + k));
            }
            for (int i = 0; i < keys.size(); i++) {
                logs.get(i).awaitLast("before-" + keys.get(i));
            }

            int slot = SlotHash.getSlot(new Layout(NAMESPACE).hashKey(STORE, keys.get(0)));
            RedisServer primary = cluster.primaryOf(slot);
            RedisServer replica = cluster.replicaOf(primary);
            primary.kill();
            awaitPrimary(replica);
            cluster.awaitHealthy();

            for (String k : keys) {
                writeUntilAccepted(writer, k, "after-" + k);
            }
            for (int i = 0; i < keys.size(); i++) {
                logs.get(i).awaitLast("after-" + keys.get(i));
                assertEquals("after-" + keys.get(i), writer.get(keys.get(i)).toUtf8());
                assertEquals("after-" + keys.get(i), watcher.get(keys.get(i)).toUtf8());
            }
            // A second round, now that the relay has moved: these go through its messages, not a resync.
            for (String k : keys) {
                writer.set(k, Payload.ofUtf8("last-" + k));
            }
            for (int i = 0; i < keys.size(); i++) {
                logs.get(i).awaitLast("last-" + keys.get(i));
            }
            logs.forEach(EventLog::cancel);
        }
    }

    private static void awaitPrimary(RedisServer replica) {
        assertTimeoutPreemptively(EventLog.PATIENCE, () -> {
            while (!replica.call("ROLE").startsWith("master")) {
                Thread.sleep(100);
            }
        }, () -> "the replica was not promoted: " + cluster.describe());
    }

    /** During the failover a write may fail (STORAGE) or time out; it is retried until the cluster takes it. */
    private static void writeUntilAccepted(KvStore store, String key, String value) {
        assertTimeoutPreemptively(EventLog.PATIENCE, () -> {
            while (true) {
                try {
                    store.set(key, Payload.ofUtf8(value));
                    return;
                } catch (KvException e) {
                    assertEquals(KvException.Reason.STORAGE, e.reason(), e.getMessage());
                    Thread.sleep(200);
                }
            }
        });
    }
}
