package dev.kv.provider.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.spi.KvProvider;
import dev.kv.tck.KvProviderTck;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole conformance kit against the redis provider on one real standalone server, started for this class;
 * each test gets its own namespace, so tests never see each other's data.
 */
class RedisStandaloneConformanceTest extends KvProviderTck {

    @TempDir
    static Path serverDir;
    private static RedisServer server;

    @BeforeAll
    static void startServer() {
        server = RedisServer.start(serverDir, "--appendonly", "yes",
                "--appendfsync", "always");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    protected KvProvider provider() {
        return new RedisKvProvider();
    }

    @Override
    protected KvConfig configuration(Path directory) {
        return KvConfig.builder()
                .set("kv.redis.uri", server.uri())
                .set("kv.redis.namespace", "tck-" + directory.getFileName())
                .build();
    }

    @Test
    void aHandleUnwrapsToTheSharedLettuceClientWhileOpen() {
        KvConfig config = KvConfig.builder().set("kv.redis.uri", server.uri()).set("kv.redis.namespace", "unwrap").build();
        KvStore one = provider().open("one", config);
        try (KvStore two = provider().open("two", config)) {
            RedisClient client = one.unwrap(RedisClient.class);
            assertSame(client, two.unwrap(AbstractRedisClient.class), "stores of one server share one client");
            assertSame(one, one.unwrap(KvStore.class));
            assertEquals(KvException.Reason.UNSUPPORTED,
                    assertThrows(KvException.class, () -> one.unwrap(RedisClusterClient.class)).reason());
            one.close();
            assertEquals(KvException.Reason.CLOSED,
                    assertThrows(KvException.class, () -> one.unwrap(RedisClient.class)).reason());
        }
    }
}
