package dev.kv.provider.redis;

import dev.kv.api.KvConfig;
import dev.kv.api.spi.KvProvider;
import dev.kv.tck.KvProviderTck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole conformance kit against the redis provider on one real standalone server, started for this class;
 * each test gets its own namespace, so tests never see each other's data.
 */
class RedisStandaloneConformanceTest extends KvProviderTck {

    private static RedisServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = RedisServer.start(Files.createTempDirectory("kv-redis-tck"), "--appendonly", "yes",
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
}
