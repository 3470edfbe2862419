package dev.kv.provider.redis;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvLimits;
import dev.kv.api.spi.ConfigDifferences;
import dev.kv.api.spi.ConfigProperty;
import dev.kv.api.spi.Diagnostics;
import dev.kv.api.spi.WatchHub;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The configuration of one redis store, read once at {@code open}. The password is held here but never shown:
 * {@link #toString()} and every message use {@link ServerAddress#display()}, which drops it.
 *
 * @param servers            where the server is, parsed from {@code kv.redis.uri}
 * @param user               the ACL user, or {@code null} for the URI's or the server's default
 * @param password           the password, or {@code null}; never printed
 * @param namespace          prefix of every Redis key and channel kv uses
 * @param timeout            the longest any operation waits for the server
 * @param requestQueueSize   most commands queued per connection, also while it reconnects
 * @param maxKeyBytes        the longest key accepted, in UTF-8 bytes
 * @param maxPayloadBytes    the largest payload accepted
 * @param replicas           replicas that must acknowledge each write ({@code WAIT}), 0 for none
 * @param watchBufferSize    events buffered per watch subscriber
 * @param tombstoneTtl       how long a deleted key's revision stays on the server
 */
record RedisSettings(ServerAddress servers, String user, String password, String namespace, Duration timeout,
                     int requestQueueSize, int maxKeyBytes, int maxPayloadBytes, int replicas, int watchBufferSize,
                     Duration tombstoneTtl) {

    /** The prefix of this provider's properties. */
    static final String PREFIX = "kv.redis.";

    /** Largest payload {@code maxPayloadBytes} allows: Redis's own limit for a string is 512 MiB. */
    static final long PAYLOAD_CEILING = 512L << 20;

    static final ConfigProperty<String> URI = ConfigProperty.ofString(PREFIX + "uri", "redis://127.0.0.1:6379",
            "Where the server is: redis://host:port (rediss:// for TLS), redis-sentinel://host:port,host:port#master"
                    + " for Sentinel, or several redis:// URIs separated by commas for the seeds of a Cluster")
            .withEnvironmentVariable("KV_REDIS_URI");

    static final ConfigProperty<String> MODE = ConfigProperty.ofString(PREFIX + "mode", "auto",
            "standalone, cluster, sentinel, or auto: sentinel for redis-sentinel://, cluster for several URIs or a"
                    + " server with cluster_enabled:1, standalone otherwise");

    static final ConfigProperty<String> USER = ConfigProperty.ofString(PREFIX + "user", null,
            "ACL user name (Redis 6+); unset: the user in the URI, else the server's default user")
            .withEnvironmentVariable("KV_REDIS_USER");

    static final ConfigProperty<String> PASSWORD = ConfigProperty.ofString(PREFIX + "password", null,
            "Password; unset: the one in the URI, else none. Never shown in messages or logs")
            .withEnvironmentVariable("KV_REDIS_PASSWORD");

    static final ConfigProperty<String> NAMESPACE = ConfigProperty.ofString(PREFIX + "namespace", "kv",
            "Prefix of every Redis key and channel kv uses, so several applications can share a server;"
                    + " no '{' or '}'");

    static final ConfigProperty<Duration> TIMEOUT = ConfigProperty.ofDuration(PREFIX + "timeout",
            Duration.ofSeconds(5), "Longest wait for the server, per operation and for connecting at open");

    static final ConfigProperty<Long> REQUEST_QUEUE_SIZE = ConfigProperty.ofLong(PREFIX + "requestQueueSize",
            10_000, 16, 1_000_000, "Most commands queued per connection, also while it reconnects; beyond it"
                    + " operations fail at once with STORAGE");

    static final ConfigProperty<Long> MAX_KEY_BYTES = ConfigProperty.ofBytes(PREFIX + "maxKeyBytes", 4096,
            KvLimits.MIN_KEY_BYTES, 64 << 10, "Longest key accepted, in UTF-8 bytes");

    static final ConfigProperty<Long> MAX_PAYLOAD_BYTES = ConfigProperty.ofBytes(PREFIX + "maxPayloadBytes",
            1L << 20, KvLimits.MIN_PAYLOAD_BYTES, PAYLOAD_CEILING,
            "Largest payload accepted (PAYLOAD_TOO_LARGE beyond it); the server's proto-max-bulk-len must allow it");

    static final ConfigProperty<Long> REPLICAS = ConfigProperty.ofLong(PREFIX + "replicas", 0, 0, 64,
            "Replicas that must acknowledge each write (Redis WAIT) before it returns; 0: return when the primary"
                    + " applied it. A write not acknowledged within the timeout fails with STORAGE");

    static final ConfigProperty<Duration> TOMBSTONE_TTL = ConfigProperty.ofDuration(PREFIX + "tombstoneTtl",
            Duration.ofHours(1), "How long a deleted key's revision (a few dozen bytes) stays on the server, so that"
                    + " a key set again soon continues its revisions; after it the server removes it");

    /** Every property this provider reads, in the order documented. */
    static final List<ConfigProperty<?>> PROPERTIES = List.of(URI, MODE, USER, PASSWORD, NAMESPACE, TIMEOUT,
            REQUEST_QUEUE_SIZE, MAX_KEY_BYTES, MAX_PAYLOAD_BYTES, REPLICAS, TOMBSTONE_TTL, WatchHub.BUFFER_SIZE);

    RedisSettings {
        Objects.requireNonNull(servers, "servers");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(tombstoneTtl, "tombstoneTtl");
    }

    /**
     * Reads the settings for opening {@code store}.
     *
     * @throws KvException with reason {@code CONFIGURATION} naming the store, the property and the value
     */
    static RedisSettings from(String store, KvConfig config) {
        return forPurpose("open redis store " + Diagnostics.quote(store), config);
    }

    /**
     * Reads the settings for {@code purpose}, which a failure names: {@code "list the redis stores"}.
     *
     * @throws KvException with reason {@code CONFIGURATION} naming the purpose, the property and the value
     */
    static RedisSettings forPurpose(String purpose, KvConfig config) {
        Objects.requireNonNull(config, "config");
        try {
            ConfigProperty.rejectUnknown(PREFIX, config, PROPERTIES);
            ServerAddress servers = ServerAddress.parse(URI.from(config), MODE.from(config), URI.name());
            String namespace = NAMESPACE.from(config);
            if (namespace.isEmpty() || namespace.indexOf('{') >= 0 || namespace.indexOf('}') >= 0) {
                throw KvException.of(KvException.Reason.CONFIGURATION, "invalid value '" + namespace
                        + "' for property " + NAMESPACE.name() + ": expected a non-empty text without '{' or '}'"
                        + " (they would change which Cluster slot a key lands in)");
            }
            Duration timeout = TIMEOUT.from(config);
            if (timeout.isZero()) {
                throw KvException.of(KvException.Reason.CONFIGURATION, "invalid value '0' for property "
                        + TIMEOUT.name() + ": expected a positive duration; an operation must not wait forever");
            }
            Duration tombstoneTtl = TOMBSTONE_TTL.from(config);
            if (tombstoneTtl.toMillis() <= 0) {
                throw KvException.of(KvException.Reason.CONFIGURATION, "invalid value of "
                        + tombstoneTtl.toMillis() + " ms for property " + TOMBSTONE_TTL.name()
                        + ": expected at least 1 ms (Redis expires keys in whole milliseconds)");
            }
            String user = blankToNull(USER.from(config));
            String password = blankToNull(PASSWORD.from(config));
            return new RedisSettings(servers, user != null ? user : servers.user(),
                    password != null ? password : servers.password(), namespace, timeout,
                    Math.toIntExact(REQUEST_QUEUE_SIZE.from(config)), Math.toIntExact(MAX_KEY_BYTES.from(config)),
                    Math.toIntExact(MAX_PAYLOAD_BYTES.from(config)), Math.toIntExact(REPLICAS.from(config)),
                    Math.toIntExact(WatchHub.BUFFER_SIZE.from(config)), tombstoneTtl);
        } catch (KvException e) {
            throw KvException.of(e.reason(), "cannot " + purpose + ": " + e.getMessage(), e);
        }
    }

    /**
     * What differs between these settings, of the open store, and {@code asked}, of a further open of it in this
     * JVM (CONF-5). Every field is compared (stores of other servers, users, passwords, namespaces,
     * timeouts or queue sizes are told apart before, as they use other connections); the password is named, never
     * shown.
     */
    ConfigDifferences differences(RedisSettings asked) {
        return new ConfigDifferences()
                .compare(URI, servers.display(), asked.servers.display())
                .compare(USER, user, asked.user)
                .compareSecret(PASSWORD, password, asked.password)
                .compare(NAMESPACE, namespace, asked.namespace)
                .compare(TIMEOUT, timeout, asked.timeout)
                .compare(REQUEST_QUEUE_SIZE, (long) requestQueueSize, (long) asked.requestQueueSize)
                .compare(MAX_KEY_BYTES, (long) maxKeyBytes, (long) asked.maxKeyBytes)
                .compare(MAX_PAYLOAD_BYTES, (long) maxPayloadBytes, (long) asked.maxPayloadBytes)
                .compare(REPLICAS, (long) replicas, (long) asked.replicas)
                .compare(TOMBSTONE_TTL, tombstoneTtl, asked.tombstoneTtl)
                .compare(WatchHub.BUFFER_SIZE, (long) watchBufferSize, (long) asked.watchBufferSize);
    }

    /** The limits a store with these settings declares. */
    KvLimits limits() {
        return new KvLimits(maxKeyBytes, maxPayloadBytes);
    }

    /**
     * What identifies the connections these settings need: stores opened with equal identities share them.
     * The password is part of it (two passwords are two sessions) but is compared, never shown.
     */
    ConnectionIdentity connectionIdentity() {
        return new ConnectionIdentity(servers, user, password, timeout, requestQueueSize);
    }

    /** The server and user as they may be shown: never the password. */
    String describeServer() {
        return servers.display() + (user == null ? "" : " as user " + Diagnostics.quote(user));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return "RedisSettings[" + describeServer() + ", password " + (password == null ? "none" : "set")
                + ", namespace " + Diagnostics.quote(namespace) + ", timeout " + timeout + ", requestQueueSize "
                + requestQueueSize + ", maxKeyBytes " + maxKeyBytes + ", maxPayloadBytes " + maxPayloadBytes
                + ", replicas " + replicas + ", watchBufferSize " + watchBufferSize + ", tombstoneTtl " + tombstoneTtl
                + "]";
    }

    /**
     * The part of the settings that decides the connections; equal identities share one {@link Connections}.
     *
     * @param servers          where the server is
     * @param user             the user, or {@code null}
     * @param password         the password, or {@code null}; never printed
     * @param timeout          the operation and connect timeout
     * @param requestQueueSize the bounded queue per connection
     */
    record ConnectionIdentity(ServerAddress servers, String user, String password, Duration timeout,
                              int requestQueueSize) {
        @Override
        public String toString() {
            return servers.display() + (user == null ? "" : " as " + Diagnostics.quote(user));
        }
    }
}
