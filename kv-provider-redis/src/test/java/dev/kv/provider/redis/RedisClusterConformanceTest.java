package dev.kv.provider.redis;

import dev.kv.api.KvConfig;
import dev.kv.api.spi.KvProvider;
import dev.kv.tck.KvProviderTck;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole conformance kit against the redis provider on a real Cluster of three primaries with a replica
 * each, shared by the class; each test gets its own namespace.
 */
class RedisClusterConformanceTest extends KvProviderTck {

    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = RedisCluster.start(RedisCluster.tempDir());
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
}
