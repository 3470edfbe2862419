package dev.kv.provider.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster for a test class: three primaries with one replica each, six {@code redis-server}
 * processes on free loopback ports, joined with {@code redis-cli --cluster create ... --cluster-replicas 1}.
 * Slow to build, so a test class shares one; {@link #stop()} ends every node.
 */
final class RedisCluster {

    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = nodes;
    }

    static RedisCluster start(Path dir) throws IOException {
        String cli = RedisServer.cli();
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                nodes.add(RedisServer.start(dir.resolve("node-" + i), "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
                        // A replica may always take over: the tests are about kv across a failover.
                        "--cluster-replica-validity-factor", "0",
                        "--appendonly", "yes", "--appendfsync", "always"));
            }
            List<String> cmd = new ArrayList<>(List.of(cli, "--cluster", "create"));
            nodes.forEach(n -> cmd.add(n.address()));
            cmd.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed: " + out);
            }
            RedisCluster c = new RedisCluster(nodes);
            c.awaitHealthy();
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            nodes.forEach(RedisServer::stop);
            throw new IllegalStateException(e);
        } catch (RuntimeException | IOException e) {
            nodes.forEach(RedisServer::stop);
            throw e;
        }
    }

    /** Waits until every live node reports cluster_state:ok and every primary has a replica in sync. */
    void awaitHealthy() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            boolean ok = true;
            for (RedisServer n : nodes) {
                if (!n.isAlive()) {
                    continue;
                }
                try {
                    String info = n.command("CLUSTER", "INFO");
                    ok &= info != null && info.contains("cluster_state:ok") && info.contains("cluster_slots_ok:16384");
                    String replication = n.command("INFO", "replication");
                    if (replication != null && replication.contains("role:slave")) {
                        ok &= replication.contains("master_link_status:up");
                    }
                } catch (IOException | RuntimeException e) {
                    ok = false;
                }
            }
            if (ok) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cluster did not become healthy: " + describe());
            }
            RedisServer.sleep(100);
        }
    }

    /** The seeds URI: every node, comma-separated. */
    String uri() {
        return nodes.stream().map(RedisServer::uri).collect(Collectors.joining(","));
    }

    List<RedisServer> nodes() {
        return nodes;
    }

    /** The node that is primary of {@code slot} now. */
    RedisServer primaryOf(int slot) {
        for (RedisServer n : nodes) {
            if (!n.isAlive()) {
                continue;
            }
            try {
                String role = n.command("ROLE");
                if (role != null && role.startsWith("master")) {
                    for (String line : n.call("CLUSTER", "NODES").split("\n")) {
                        if (line.contains("myself")) {
                            String[] fields = line.split(" ");
                            // id addr flags master ping-sent pong-recv epoch link-state slot...
                            for (String range : java.util.Arrays.copyOfRange(fields, Math.min(8, fields.length), fields.length)) {
                                if (range.matches("\\d+-\\d+")) {
                                    String[] ab = range.split("-");
                                    if (slot >= Integer.parseInt(ab[0]) && slot <= Integer.parseInt(ab[1])) {
                                        return n;
                                    }
                                } else if (range.matches("\\d+") && Integer.parseInt(range) == slot) {
                                    return n;
                                }
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no live primary of slot " + slot + ": " + describe());
    }

    /** The replica of {@code primary}. */
    RedisServer replicaOf(RedisServer primary) {
        String id = primary.call("CLUSTER", "MYID");
        for (RedisServer n : nodes) {
            if (n != primary && n.isAlive()) {
                String nodes = n.call("CLUSTER", "NODES");
                for (String line : nodes.split("\n")) {
                    if (line.contains("myself") && line.contains("slave " + id)) {
                        return n;
                    }
                }
            }
        }
        throw new IllegalStateException("no replica of " + primary + ": " + describe());
    }

    String describe() {
        for (RedisServer n : nodes) {
            if (n.isAlive()) {
                try {
                    return n.command("CLUSTER", "NODES");
                } catch (IOException | RuntimeException e) {
                    // try the next
                }
            }
        }
        return "(no node answers)";
    }

    void stop() {
        nodes.forEach(RedisServer::stop);
    }
}
