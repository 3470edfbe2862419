package dev.kv.provider.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.KvProvider;
import dev.kv.tck.KvProviderTck;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/**
 * The whole conformance kit against the redis provider on a real Cluster of three primaries with a replica
 * each, shared by the class; each test gets its own namespace.
 */
class RedisClusterConformanceTest extends KvProviderTck {

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

    @Override
    protected KvProvider provider() {
        return new RedisKvProvider();
    }

    @Override
    protected KvConfig configuration(Path directory) {
        return KvConfig.builder()
                .set("kv.redis.uri", cluster.uri())
                .set("kv.redis.namespace", "tck-" + directory.getFileName())
                .build();
    }

    /**
     * kv.redis.replicas in a Cluster: each write and its WAIT go through the connection to the key's primary, so
     * keys on every primary are acknowledged by that primary's replica.
     */
    @Test
    void withReplicasSetWritesOnEveryPrimaryAreAcknowledgedByItsReplica() {
        KvConfig one = KvConfig.builder().set("kv.redis.uri", cluster.uri()).set("kv.redis.namespace", "wait-test")
                .set("kv.redis.replicas", "1").build();
        try (KvStore store = provider().open("waited", one)) {
            for (int i = 0; i < 30; i++) {
                store.set("key-" + i, Payload.ofUtf8("v" + i));
            }
            for (int i = 0; i < 30; i++) {
                assertEquals("v" + i, store.get("key-" + i).toUtf8());
                store.delete("key-" + i);
            }
        }
        try (KvStore store = provider().open("waited", one.with("kv.redis.replicas", "2"))) {
            KvException e = assertThrows(KvException.class, () -> store.set("k", Payload.ofUtf8("v")));
            assertEquals(KvException.Reason.STORAGE, e.reason());
            assertTrue(e.getMessage().contains("only 1 of the 2 replicas"), e.getMessage());
        }
    }

    /** stores and drop over a Cluster: the scan visits every primary, the UNLINK of a page spans slots. */
    @Test
    void storesAreListedAndDroppedAcrossEveryPrimary() {
        StoreCatalogTest.listAndDrop(cluster.uri(), "catalog");
    }
}
