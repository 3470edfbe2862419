package dev.kv.provider.redis;

import dev.kv.api.KvException;
import dev.kv.api.spi.Diagnostics;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client and data connection for one server and one set of credentials, shared by every store opened
 * with them in this JVM (counted: the last store to close shuts the client down), and the {@link WatchRelay}
 * of their watchers.
 *
 * <p>One connection carries every command; Lettuce pipelines the commands of all threads on it. Each command
 * waits at most {@code kv.redis.timeout}; while the connection is down commands wait in its queue, bounded by
 * {@code kv.redis.requestQueueSize} (beyond it they fail at once), for the reconnect Lettuce attempts by itself,
 * and fail when their timeout passes. A command that timed out is not replayed after the reconnect.
 */
final class Connections {

    private static final System.Logger LOG = System.getLogger("dev.kv.provider.redis");
    static final byte[] VALUE = {'v'};
    private static final byte[] REVISION = {'r'};
    private static final Map<RedisSettings.ConnectionIdentity, Connections> OPEN = new HashMap<>();

    private final RedisSettings.ConnectionIdentity id;
    private final String server;
    /** The client's own resources (threads, timer), built with {@link CommandLatencies} as the recorder. */
    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> standalone;
    private final StatefulRedisClusterConnection<byte[], byte[]> cluster;
    private final RedisClusterCommands<byte[], byte[]> sync;
    private final RedisClusterAsyncCommands<byte[], byte[]> async;
    private final WatchRelay relay;
    private int handles;
    /** Renews the stores' leases ({@link StoreRegistry}); started by the first lease. */
    private ScheduledThreadPoolExecutor scheduler;

    private Connections(RedisSettings.ConnectionIdentity id, String purpose) {
        this.id = id;
        this.server = id.toString();
        List<RedisURI> uris = id.servers().redisUris(id.user(), id.password(), id.timeout());
        ServerAddress.Mode mode = id.servers().mode();
        if (mode == ServerAddress.Mode.AUTO) {
            mode = probeMode(uris.get(0), purpose);
        }
        this.resources = DefaultClientResources.builder().commandLatencyRecorder(new CommandLatencies()).build();
        if (mode == ServerAddress.Mode.CLUSTER) {
            RedisClusterClient c = RedisClusterClient.create(resources, uris);
            c.setOptions(ClusterClientOptions.builder(clientOptions())
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers()
                            // Adaptive triggers need a command that fails; a quiet client learns of a
                            // failover from this refresh, and its watchers move to the new primary then.
                            .enablePeriodicRefresh(Duration.ofSeconds(5))
                            .build())
                    .build());
            this.client = c;
            this.standalone = null;
            this.cluster = connect(purpose, () -> c.connect(ByteArrayCodec.INSTANCE));
            this.sync = cluster.sync();
            this.async = cluster.async();
            this.relay = new WatchRelay(this, c, null, uris.get(0));
        } else {
            RedisClient c = RedisClient.create(resources);
            c.setOptions(clientOptions());
            this.client = c;
            this.cluster = null;
            if (mode == ServerAddress.Mode.SENTINEL) {
                // A plain connection through Sentinel resolves the primary only when it (re)connects: after a
                // failover it could stay on the demoted primary and read stale data from it. Lettuce's
                // master/replica connection follows Sentinel's announcements and sends every command to the
                // current primary.
                this.standalone = connect(purpose, () -> {
                    StatefulRedisMasterReplicaConnection<byte[], byte[]> mr =
                            MasterReplica.connect(c, ByteArrayCodec.INSTANCE, uris.get(0));
                    mr.setReadFrom(ReadFrom.UPSTREAM);
                    return mr;
                });
            } else {
                this.standalone = connect(purpose, () -> c.connect(ByteArrayCodec.INSTANCE, uris.get(0)));
            }
            this.sync = standalone.sync();
            this.async = standalone.async();
            this.relay = new WatchRelay(this, null, c, uris.get(0));
        }
        checkEvictionPolicy();
    }

    /**
     * The shared connections for {@code settings}, connecting if this JVM has none yet.
     *
     * @param purpose what they are for, as a failure to connect says it: {@code "open redis store 'x'"}
     *
     * @throws KvException {@code STORAGE} naming the server (never the password) if it cannot be reached
     *                     within the timeout, {@code CONFIGURATION} naming the user if it refused the credentials
     */
    static Connections acquire(RedisSettings settings, String purpose) {
        RedisSettings.ConnectionIdentity id = settings.connectionIdentity();
        synchronized (OPEN) {
            Connections c = OPEN.get(id);
            if (c == null) {
                c = new Connections(id, purpose);
                OPEN.put(id, c);
            }
            c.handles++;
            return c;
        }
    }

    /** One store let go of these connections; the last one closes them. */
    void release() {
        synchronized (OPEN) {
            if (--handles > 0) {
                return;
            }
            OPEN.remove(id);
        }
        relay.close();
        synchronized (this) {
            if (scheduler != null) {
                scheduler.shutdown(); // not shutdownNow: interrupting a renewal inside Lettuce could leave its command half-sent
            }
        }
        shutdown(id.timeout());
    }

    /** Runs the stores' lease renewals, on one daemon thread per set of connections. */
    synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            scheduler = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "kv-redis-leases");
                t.setDaemon(true);
                return t;
            });
            scheduler.setRemoveOnCancelPolicy(true);
        }
        return scheduler;
    }

    /** The blocking commands of the data connection (in a Cluster: routed by key, scans over every primary). */
    RedisClusterCommands<byte[], byte[]> commands() {
        return sync;
    }

    /** Shuts the client down, then its resources, which a client given them does not shut down itself. */
    private void shutdown(Duration timeout) {
        // Bounded: Lettuce's own shutdown can wait forever for a Cluster node connection that was reconnecting to a
        // node gone for good (redis/lettuce#2278; seen here after a primary was killed). The resources' shutdown
        // below ends the threads either way.
        long waitMillis = 2 * timeout.toMillis() + 1000;
        try {
            client.shutdownAsync(0, timeout.toMillis(), TimeUnit.MILLISECONDS).get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.log(Level.DEBUG, () -> "the client of " + server + " failed to shut down cleanly: " + e.getCause());
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, () -> "the client of " + server + " did not shut down within " + waitMillis
                    + " ms; its threads are stopped with its resources");
        } finally {
            resources.shutdown(0, timeout.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly(timeout.toMillis());
        }
    }

    String server() {
        return server;
    }

    Duration timeout() {
        return id.timeout();
    }

    WatchRelay relay() {
        return relay;
    }

    /** The Lettuce client, for {@code unwrap}. */
    AbstractRedisClient client() {
        return client;
    }

    /** The data connection, for {@code unwrap}. */
    StatefulConnection<byte[], byte[]> connection() {
        return cluster != null ? cluster : standalone;
    }

    boolean isCluster() {
        return cluster != null;
    }

    /** The non-blocking commands of the data connection, for {@link RedisAsyncStorage}. */
    RedisClusterAsyncCommands<byte[], byte[]> async() {
        return async;
    }

    /** A failure of a command as the blocking calls report it: naming the server, never showing the password. */
    RuntimeException failure(Throwable e) {
        if (e instanceof KvException) {
            return (KvException) e;
        }
        return Failures.of(e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(e),
                server, id.password());
    }

    /** The value of {@code hash}, or {@code null}. */
    byte[] read(byte[] hash) {
        try {
            return sync.hget(hash, VALUE);
        } catch (RuntimeException e) {
            throw Failures.of(e, server, id.password());
        }
    }

    /** The value (or {@code null}) and revision (0 if none) of {@code hash}, read in one command. */
    State readState(byte[] hash) {
        List<KeyValue<byte[], byte[]>> fields;
        try {
            fields = sync.hmget(hash, VALUE, REVISION);
        } catch (RuntimeException e) {
            throw Failures.of(e, server, id.password());
        }
        byte[] value = fields.get(0).getValueOrElse(null);
        byte[] revision = fields.get(1).getValueOrElse(null);
        return new State(value, revision == null ? 0 : Long.parseLong(new String(revision, StandardCharsets.US_ASCII)));
    }

    /** A key's value ({@code null}: none) at a revision. */
    record State(byte[] value, long revision) {
    }

    /** Runs the set script; returns the new revision. Waits for {@code replicas} if more than 0. */
    long set(byte[] hash, byte[] channel, byte[] value, int replicas) {
        try {
            RedisClusterCommands<byte[], byte[]> commands = writer(hash, replicas);
            long revision = Scripts.set(commands, hash, channel, value);
            awaitReplicas(commands, replicas);
            return revision;
        } catch (KvException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Failures.of(e, server, id.password());
        }
    }

    /**
     * Runs the delete script, which leaves a tombstone for {@code tombstoneTtlMillis}; returns the new revision,
     * or 0 if there was no value.
     */
    long delete(byte[] hash, byte[] channel, int replicas, long tombstoneTtlMillis) {
        try {
            RedisClusterCommands<byte[], byte[]> commands = writer(hash, replicas);
            long revision = Scripts.delete(commands, hash, channel, tombstoneTtlMillis);
            if (revision != 0) {
                awaitReplicas(commands, replicas);
            }
            return revision;
        } catch (KvException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Failures.of(e, server, id.password());
        }
    }

    /**
     * {@code WAIT} counts the replicas that acknowledged every write made so far on the connection it is sent on,
     * so in a Cluster the write and its {@code WAIT} go through the connection to the slot's primary.
     */
    private RedisClusterCommands<byte[], byte[]> writer(byte[] hash, int replicas) {
        if (replicas == 0 || cluster == null) {
            return sync;
        }
        RedisClusterNode primary = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(hash));
        if (primary == null) {
            throw new Failures.Failure("no primary of slot " + SlotHash.getSlot(hash) + " is known at " + server, null);
        }
        return cluster.getConnection(primary.getNodeId()).sync();
    }

    private void awaitReplicas(RedisClusterCommands<byte[], byte[]> commands, int replicas) {
        if (replicas == 0) {
            return;
        }
        // The server's wait ends before the client's timeout, so the answer arrives.
        long acknowledged = commands.waitForReplication(replicas, Math.max(1, id.timeout().toMillis() / 2));
        if (acknowledged < replicas) {
            throw new Failures.Failure("only " + acknowledged + " of the " + replicas + " replicas required by "
                    + RedisSettings.REPLICAS.name() + " acknowledged the write within half the timeout; it is applied"
                    + " on the primary of " + server + " but a failover may lose it", null);
        }
    }

    private ServerAddress.Mode probeMode(RedisURI uri, String purpose) {
        RedisClient probe = RedisClient.create();
        probe.setOptions(clientOptions());
        try (StatefulRedisConnection<byte[], byte[]> c = connect(purpose, () -> probe.connect(ByteArrayCodec.INSTANCE, uri))) {
            String info = c.sync().info("cluster");
            return info != null && info.contains("cluster_enabled:1") ? ServerAddress.Mode.CLUSTER
                    : ServerAddress.Mode.STANDALONE;
        } finally {
            probe.shutdown(Duration.ZERO, id.timeout());
        }
    }

    private <C> C connect(String purpose, java.util.function.Supplier<C> connector) {
        try {
            return connector.get();
        } catch (RuntimeException e) {
            if (client != null) {
                try {
                    shutdown(Duration.ZERO);
                } catch (RuntimeException ignored) {
                    // the connect failure is what the caller needs to see
                }
            }
            if (Failures.isAuthentication(e)) {
                throw KvException.of(KvException.Reason.CONFIGURATION, "cannot " + purpose + ": " + server + " refused the credentials of user "
                        + (id.user() == null ? "'default'" : Diagnostics.quote(id.user())) + " (check "
                        + RedisSettings.USER.name() + " and " + RedisSettings.PASSWORD.name() + ")");
            }
            throw KvException.of(KvException.Reason.STORAGE, "cannot " + purpose + ": " + Failures.describe(e, server, id.password()));
        }
    }

    private ClientOptions clientOptions() {
        return ClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(id.timeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(id.timeout()).build())
                .requestQueueSize(id.requestQueueSize())
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                // Commands queued while disconnected are sent after the reconnect, except those already completed
                // (Lettuce's endpoint skips done commands when it drains the queue): one whose caller got its
                // timeout never runs later.
                .autoReconnect(true)
                .build();
    }

    /**
     * A server that may evict any key (an {@code allkeys-*} policy) can drop kv's values, which kv does not
     * declare (SPEC.md CAP-2): say so once, naming the policy. Servers that refuse {@code CONFIG} are not asked.
     */
    private void checkEvictionPolicy() {
        String policy = evictionPolicy();
        if (policy != null && policy.startsWith("allkeys-")) {
            LOG.log(Level.WARNING, "redis server " + server + " has maxmemory-policy " + policy + ": when it reaches"
                    + " maxmemory it evicts kv's values without any event, which kv does not declare (no EVICTION"
                    + " capability); use noeviction (or a volatile-* policy) for servers that hold kv stores");
        }
    }

    /** The server's {@code maxmemory-policy}, or {@code null} if it does not say. */
    String evictionPolicy() {
        try {
            Map<String, String> config = sync.configGet("maxmemory-policy");
            return config == null ? null : config.get("maxmemory-policy");
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "redis server " + server + " does not answer CONFIG GET maxmemory-policy: "
                    + Failures.describe(e, server, id.password()));
            return null;
        }
    }

    @Override
    public String toString() {
        return "Connections[" + server + "]";
    }
}
