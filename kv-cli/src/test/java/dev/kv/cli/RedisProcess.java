package dev.kv.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway {@code redis-server} on a free loopback port, for the examples that run every provider, redis
 * included. Without the binary the calling test is skipped, loudly, or fails when {@code CI=true}.
 */
final class RedisProcess implements AutoCloseable {

    private final Process process;
    final int port;

    private RedisProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a server keeping nothing on disk, in {@code dir}, and waits until it accepts connections.
     *
     * @param options more of redis-server's options, such as {@code --requirepass secret}
     */
    static RedisProcess start(Path dir, String... options) throws IOException, InterruptedException {
        String binary = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server").stream()
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
        if (binary == null) {
            String why = "redis-server is not installed (Debian/Ubuntu: apt-get install -y redis-server)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            System.err.println("SKIPPED: " + why);
            Assumptions.abort(why);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new RedisProcess(p, port);
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    fail("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
                }
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        fail("redis-server did not accept connections on port " + port + " within 30 s");
        return null;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
