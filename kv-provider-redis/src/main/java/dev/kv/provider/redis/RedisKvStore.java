package dev.kv.provider.redis;

import dev.kv.api.AsyncKvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.AbstractKvStore;
import dev.kv.api.spi.Payloads;

/**
 * The storage side of a redis store handle: argument checks, closed checks and same-process watch fan-out
 * come from {@link AbstractKvStore}; each operation here is one command or one script on the server. The
 * revision of every change of a watched key is recorded, so the relay does not publish it a second time when
 * the server's announcement of it comes back, and is the event's sequence number.
 */
final class RedisKvStore extends AbstractKvStore {

    private final RedisStoreState state;
    private final Layout layout;
    private final Connections connections;
    private final String name;
    private final int replicas;
    private final long tombstoneTtlMillis;
    private final Runnable release;
    /** The sequence number of the event {@code AbstractKvStore} publishes next on this thread. */
    private final ThreadLocal<long[]> nextSequence = ThreadLocal.withInitial(() -> new long[1]);

    RedisKvStore(RedisStoreState state, Runnable release) {
        super(RedisKvProvider.ID, state.name(), state.settings().limits(), state.hub());
        this.state = state;
        this.layout = state.layout();
        this.connections = state.connections();
        this.name = state.name();
        this.replicas = state.settings().replicas();
        this.tombstoneTtlMillis = state.settings().tombstoneTtl().toMillis();
        this.release = release;
    }

    RedisStoreState state() {
        return state;
    }

    @Override
    protected Payload readValue(String key) {
        byte[] value = connections.read(layout.hashKey(name, key));
        return value == null ? null : Payloads.adopt(value);
    }

    @Override
    protected void writeValue(String key, Payload value) {
        connections.set(layout.hashKey(name, key), layout.channel(name, key), value.toByteArray(), replicas);
    }

    @Override
    protected boolean removeValue(String key) {
        return connections.delete(layout.hashKey(name, key), layout.channel(name, key), replicas,
                tombstoneTtlMillis) != 0;
    }

    @Override
    protected Payload readWatchedValue(String key) {
        Connections.State s = connections.readState(layout.hashKey(name, key));
        nextSequence.get()[0] = state.recordOwn(key, s.revision(), s.value() != null);
        return s.value() == null ? null : Payloads.adopt(s.value());
    }

    @Override
    protected void writeWatchedValue(String key, Payload value) {
        long revision = connections.set(layout.hashKey(name, key), layout.channel(name, key), value.toByteArray(),
                replicas);
        nextSequence.get()[0] = state.recordOwn(key, revision, true);
    }

    @Override
    protected boolean removeWatchedValue(String key) {
        long revision = connections.delete(layout.hashKey(name, key), layout.channel(name, key), replicas,
                tombstoneTtlMillis);
        if (revision != 0) {
            nextSequence.get()[0] = state.recordOwn(key, revision, false);
        }
        return revision != 0;
    }

    /** The key's revision on the server, so that every process shows the same number for the same change. */
    @Override
    protected long watchedSequence(String key) {
        return nextSequence.get()[0];
    }

    /**
     * Native: Lettuce's asynchronous commands on the same connection, so no thread waits for the server. With
     * {@code kv.redis.replicas} the default view, since each write's {@code WAIT} must follow it on its primary's
     * connection.
     */
    @Override
    protected AsyncKvStore newAsyncView() {
        return replicas > 0 ? super.newAsyncView() : nativeAsyncView(new RedisAsyncStorage(state));
    }

    @Override
    protected void release() {
        release.run();
    }

    /**
     * Besides this handle, unwraps to the Lettuce client behind it ({@code io.lettuce.core.AbstractRedisClient},
     * and {@code RedisClient} or {@code RedisClusterClient} by topology) and to its data connection
     * ({@code io.lettuce.core.api.StatefulConnection}), for metrics and diagnostics. Both are shared by every store
     * opened in this JVM with the same server, credentials, timeout and queue: don't shut them down or change
     * their options, and don't write kv's keys through them. The client's
     * {@code getResources().commandLatencyRecorder()} is also a {@code Consumer<CommandLatencyRecorder>}: a
     * recorder given to it receives the latency of every command of the client's connections for as long as the
     * giver keeps a reference to it (kv-micrometer's redis meters are bound this way).
     */
    @Override
    public <T> T unwrap(Class<T> type) {
        if (type != null && !type.isInstance(this)) {
            if (type.isInstance(connections.client())) {
                checkOpen();
                return type.cast(connections.client());
            }
            if (type.isInstance(connections.connection())) {
                checkOpen();
                return type.cast(connections.connection());
            }
        }
        return super.unwrap(type);
    }
}
