package dev.kv.provider.redis;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} process started by a test: on a free loopback port, in its own directory, stopped
 * by {@link #stop()} (and, should a test forget, when the JVM exits). Speaks enough RESP to send a test's
 * administrative commands without Lettuce.
 *
 * <p>Without the binary, tests are skipped with one loud line saying how to install it; under CI
 * ({@code CI=true}) they fail instead.
 */
final class RedisServer {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private final Path dir;
    private final int port;
    private final List<String> options;
    private final boolean sentinel;
    private volatile Process process;

    private RedisServer(Path dir, int port, List<String> options, boolean sentinel) {
        this.dir = dir;
        this.port = port;
        this.options = List.copyOf(options);
        this.sentinel = sentinel;
    }

    /** The {@code redis-server} binary; skips (locally) or fails (CI) the calling test when it is missing. */
    static String binary() {
        return tool("redis-server");
    }

    /** The {@code redis-cli} binary, same rules. */
    static String cli() {
        return tool("redis-cli");
    }

    private static String tool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        String message = name + " is not installed: the redis provider's tests need it"
                + " (Debian/Ubuntu: apt-get install -y redis-server)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true and " + message);
        }
        System.err.println("!!!!! SKIPPED: " + message + " !!!!!");
        Assumptions.abort(message);
        return null;
    }

    /** Starts a server in {@code dir} with extra {@code redis-server} options ({@code --name value ...}). */
    static RedisServer start(Path dir, String... options) {
        RedisServer s = new RedisServer(dir, freePort(), List.of(options), false);
        s.launch();
        return s;
    }

    /** Starts a Sentinel watching the primary {@code master} under the name {@code mymaster}. */
    static RedisServer startSentinel(Path dir, RedisServer master) throws IOException {
        int port = freePort();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("sentinel.conf"), String.join("\n",
                "port " + port, "bind 127.0.0.1", "dir " + dir, "logfile " + dir.resolve("redis.log"),
                "sentinel monitor mymaster 127.0.0.1 " + master.port() + " 1",
                "sentinel down-after-milliseconds mymaster 1000",
                "sentinel failover-timeout mymaster 10000", ""));
        RedisServer s = new RedisServer(dir, port, List.of(), true);
        s.launch();
        return s;
    }

    int port() {
        return port;
    }

    Path dir() {
        return dir;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** Starts the process (again, after {@link #kill()}: same port, same directory, same data). */
    void launch() {
        List<String> cmd = sentinel
                ? new ArrayList<>(List.of(binary(), dir.resolve("sentinel.conf").toString(), "--sentinel"))
                : new ArrayList<>(List.of(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--dir", dir.toString(), "--save", "", "--protected-mode", "no", "--daemonize", "no",
                        "--logfile", dir.resolve("redis.log").toString()));
        cmd.addAll(options);
        try {
            Files.createDirectories(dir);
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
        RUNNING.add(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                if ("PONG".equals(command("PING"))) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("redis-server on port " + port + " did not start: " + log(), e);
                }
            }
            sleep(20);
        }
    }

    /** SIGKILL: the server gets no chance to write anything more. */
    void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            RUNNING.remove(p);
        }
    }

    /** Stops the server for good. */
    void stop() {
        kill();
    }

    boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    String log() {
        try {
            Path log = dir.resolve("redis.log");
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Sends one command and returns its reply as text (arrays joined with newlines; errors start with '-'). */
    String command(String... args) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) {
                byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
                b.append('$').append(bytes.length).append("\r\n").append(a).append("\r\n");
            }
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply(new BufferedInputStream(s.getInputStream()));
        }
    }

    /** {@link #command} that must not fail. */
    String call(String... args) {
        try {
            String r = command(args);
            if (r != null && r.startsWith("-")) {
                throw new IllegalStateException(String.join(" ", args) + " at port " + port + ": " + r);
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", args) + " at port " + port, e);
        }
    }

    private static String reply(InputStream in) throws IOException {
        String line = line(in);
        switch (line.charAt(0)) {
            case '+':
            case ':':
                return line.substring(1);
            case '-':
                return line;
            case '$': {
                int n = Integer.parseInt(line.substring(1));
                if (n < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(n + 2);
                return new String(data, 0, n, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line.substring(1));
                List<String> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    items.add(reply(in));
                }
                return String.join("\n", items.stream().map(String::valueOf).toList());
            }
            default:
                throw new IOException("unexpected reply " + line);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                return b.toString();
            }
            b.append((char) c);
        }
        throw new IOException("connection closed");
    }

    /** A free loopback port whose Cluster bus port (+10000) is free too. */
    static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int p = s.getLocalPort();
                if (p + 10000 > 65535) {
                    continue;
                }
                try (ServerSocket bus = new ServerSocket(p + 10000, 1, InetAddress.getLoopbackAddress())) {
                    return p;
                }
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IllegalStateException("no free loopback port pair found");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "redis-server@" + port;
    }
}
