package dev.kv.provider.redis;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.ConfigDifferences;
import dev.kv.api.spi.ConfigProperty;
import dev.kv.api.spi.Diagnostics;
import dev.kv.api.spi.KvProvider;
import dev.kv.api.spi.StoreInfo;
import dev.kv.api.spi.StoreNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code redis} provider: stores on a Redis server (standalone, Sentinel or Cluster), shared by every
 * process and machine that reaches it, through Lettuce.
 *
 * <p>Promises:
 * <ul>
 *   <li>A store is identified by the server, the namespace ({@code kv.redis.namespace}) and its name; every
 *       process that opens it with them shares its data ({@code MULTI_PROCESS}), which outlives every client
 *       ({@code PERSISTENT}: what survives a crash of the server is its {@code appendonly}/{@code appendfsync}
 *       setting's business).</li>
 *   <li>Each {@code set} and {@code delete} is one script on the server that writes, bumps the key's revision
 *       and announces the change, atomically. Operations on one key are linearizable on a single primary.</li>
 *   <li>Watchers receive the changes of every process ({@code CROSS_PROCESS_WATCH}), in per-key order, and after
 *       a reconnect or failover the key's current state if it changed while they were away.</li>
 *   <li>Every operation fails within {@code kv.redis.timeout} with {@code STORAGE} naming it when the server does
 *       not answer; no message, log or {@code toString} shows the password.</li>
 * </ul>
 *
 * <p>Thread-safe. Instantiated by {@link java.util.ServiceLoader}; applications use {@link dev.kv.api.Kv}.
 *
 * @since 0.1
 */
public final class RedisKvProvider implements KvProvider {

    /** This provider's id. */
    static final String ID = "redis";

    /** Stores open in this JVM: handles of one name, namespace and server share their state. */
    private static final Map<StateKey, Shared> STATES = new HashMap<>();

    /** Creates the provider; every instance shares the stores and connections open in this JVM. */
    public RedisKvProvider() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "stores on a Redis server (standalone, Sentinel, Cluster) through Lettuce; shared by every process,"
                + " watch across processes";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.PERSISTENT, Capability.MULTI_PROCESS, Capability.CROSS_PROCESS_WATCH);
    }

    @Override
    public List<ConfigProperty<?>> configProperties() {
        return RedisSettings.PROPERTIES;
    }

    @Override
    public KvStore open(String name, KvConfig config) {
        StoreNames.check(name);
        if (config == null) {
            throw KvException.of(KvException.Reason.INVALID_ARGUMENT,
                    "configuration for redis store " + Diagnostics.quote(name) + " must not be null");
        }
        RedisSettings settings = RedisSettings.from(name, config);
        StateKey key = new StateKey(name, settings.namespace(), settings.connectionIdentity());
        RedisStoreState state = acquire(key, settings);
        return new RedisStore(new RedisKvStore(state, () -> release(key)));
    }

    /**
     * The stores holding at least one key under the namespace, with their key counts, found by scanning the
     * server (over every primary of a Cluster), which takes time in proportion to all the keys it holds.
     */
    @Override
    public List<StoreInfo> stores(KvConfig config) {
        RedisSettings settings = RedisSettings.forPurpose("list the redis stores", config);
        Connections connections = Connections.acquire(settings, "list the redis stores");
        try {
            return RedisCatalog.stores(connections, settings);
        } finally {
            connections.release();
        }
    }

    /**
     * The store if it holds at least one key, with its key count, found by scanning that store's keys only; a
     * store whose keys were all deleted does not exist, as for {@link #stores}.
     */
    @Override
    public Optional<StoreInfo> store(String name, KvConfig config) {
        StoreNames.check(name);
        String purpose = "look up redis store " + Diagnostics.quote(name);
        RedisSettings settings = RedisSettings.forPurpose(purpose, config);
        Connections connections = Connections.acquire(settings, purpose);
        try {
            return RedisCatalog.find(connections, settings, name);
        } finally {
            connections.release();
        }
    }

    /**
     * Removes every key of the store, refusing while any process has it open (its lease, renewed while open,
     * ends at most {@link StoreRegistry#LEASE} after a process died without closing it).
     */
    @Override
    public void drop(String name, KvConfig config) {
        StoreNames.check(name);
        String purpose = "drop redis store " + Diagnostics.quote(name);
        RedisSettings settings = RedisSettings.forPurpose(purpose, config);
        Connections connections = Connections.acquire(settings, purpose);
        try {
            RedisCatalog.drop(connections, settings, name);
        } finally {
            connections.release();
        }
    }

    private static RedisStoreState acquire(StateKey key, RedisSettings settings) {
        synchronized (STATES) {
            Shared shared = STATES.get(key);
            if (shared == null) {
                Connections connections = Connections.acquire(settings, "open redis store " + Diagnostics.quote(key.name()));
                try {
                    shared = new Shared(new RedisStoreState(key.name(), settings, connections));
                } catch (RuntimeException e) {
                    connections.release();
                    throw e;
                }
                STATES.put(key, shared);
            } else {
                ConfigDifferences differences = shared.state.settings().differences(settings);
                if (!differences.isEmpty()) {
                    throw differences.refusal("redis store " + Diagnostics.quote(key.name()));
                }
            }
            shared.handles++;
            return shared.state;
        }
    }

    private static void release(StateKey key) {
        Shared gone;
        synchronized (STATES) {
            Shared shared = STATES.get(key);
            if (shared == null || --shared.handles > 0) {
                return;
            }
            STATES.remove(key);
            gone = shared;
        }
        gone.state.close();
        gone.state.connections().release();
    }

    /** What makes two opens one store in this JVM. */
    private record StateKey(String name, String namespace, RedisSettings.ConnectionIdentity connection) {
    }

    /** A store's state and how many handles hold it. */
    private static final class Shared {
        final RedisStoreState state;
        int handles;

        Shared(RedisStoreState state) {
            this.state = state;
        }
    }

    @Override
    public String toString() {
        return "RedisKvProvider[" + ID + "]";
    }
}
