package dev.kv.provider.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@code redis-server} for all the tests of a class, in a temporary directory of its own, stopped and removed
 * after the last: {@code @RegisterExtension static final ServerPerClass SERVER = new ServerPerClass();}.
 */
final class ServerPerClass implements BeforeAllCallback, AfterAllCallback {

    private Path dir;
    private RedisServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("kv-redis-" + context.getRequiredTestClass().getSimpleName());
        server = RedisServer.start(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.stop();
        }
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The running server. */
    RedisServer get() {
        return server;
    }
}
