package dev.kv.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} the benchmarks start for themselves when not given one: from the {@code PATH}, on a
 * free loopback port, saving nothing to disk, in a scratch directory removed when it stops.
 */
public final class RedisServerProcess {

    private final Process process;
    private final Path dir;
    private final int port;

    private RedisServerProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Starts a server and waits until it accepts connections.
     *
     * @return the running server
     * @throws IllegalStateException if {@code redis-server} is not installed or does not start
     */
    public static RedisServerProcess start() {
        Path dir = TempDirs.create("kv-bench-redis");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process p;
        try {
            p = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            TempDirs.delete(dir);
            throw new IllegalStateException("cannot start redis-server (Debian/Ubuntu: apt-get install -y"
                    + " redis-server), or pass -p uri=redis://host:port: " + e.getMessage(), e);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end && p.isAlive()) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new RedisServerProcess(p, dir, port);
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        p.destroyForcibly();
        String log;
        try {
            log = Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            log = "(no log)";
        }
        TempDirs.delete(dir);
        throw new IllegalStateException("redis-server did not accept connections on port " + port + ": " + log);
    }

    /**
     * Where the server is.
     *
     * @return {@code redis://127.0.0.1:<port>}
     */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the server and removes its directory. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        TempDirs.delete(dir);
    }
}
