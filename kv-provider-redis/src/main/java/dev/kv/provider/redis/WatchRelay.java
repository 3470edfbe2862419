package dev.kv.provider.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Carries other processes' changes of watched keys to this JVM's watchers, for every store of one
 * {@link Connections}: one pub/sub connection (standalone, Sentinel), or one per Cluster primary holding a
 * watched key, however many keys are watched.
 *
 * <p>Each watched key's shard channel is subscribed with {@code SSUBSCRIBE}: in a Cluster a shard channel lives
 * on the primary (and replicas) of its slot, so a change is sent to the one node that owns the key instead of to
 * every node, as {@code PUBLISH} would. Messages are handed to one dispatcher thread (never handled on Lettuce's
 * event loop, where blocking stalls every connection) and coalesced per key: only the newest pending message
 * of a key waits, so the backlog is bounded by the number of watched keys.
 *
 * <p>Pub/sub keeps nothing for a subscriber that is away. So whenever a connection of the client comes back,
 * or a Cluster's topology changes (a failover), the dispatcher subscribes every watched channel again, where
 * its slot now lives, and then reads each watched key's revision: a key that changed meanwhile has its current
 * state delivered. It retries every second until that succeeds. A change is therefore never skipped silently:
 * its own message delivers it, or the resynchronisation after the gap does.
 */
final class WatchRelay {

    private static final System.Logger LOG = System.getLogger("dev.kv.provider.redis");

    private final Connections connections;
    private final RedisClusterClient clusterClient;
    private final RedisClient redisClient;
    private final RedisURI uri;
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService dispatcher;
    private final AtomicBoolean resyncScheduled = new AtomicBoolean();
    private final Set<StatefulRedisPubSubConnection<byte[], byte[]>> listened =
            Collections.newSetFromMap(new IdentityHashMap<>());
    private volatile StatefulRedisPubSubConnection<byte[], byte[]> pubsub;
    private volatile StatefulRedisClusterPubSubConnection<byte[], byte[]> clusterPubsub;
    private volatile boolean closed;
    private reactor.core.Disposable topologyEvents;

    WatchRelay(Connections connections, RedisClusterClient clusterClient, RedisClient redisClient, RedisURI uri) {
        this.connections = connections;
        this.clusterClient = clusterClient;
        this.redisClient = redisClient;
        this.uri = uri;
        this.dispatcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kv-redis-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /** A key some handle of this JVM watches, and the newest message about it not handled yet. */
    static final class Watched {
        final RedisStoreState state;
        final String key;
        final byte[] channel;
        int count;
        /** Completed once the first watch of the key has subscribed and read its baseline. */
        CompletableFuture<Void> ready;
        volatile String nodeId;
        private Notice pending;

        Watched(RedisStoreState state, String key, byte[] channel) {
            this.state = state;
            this.key = key;
            this.channel = channel;
        }

        /** Keeps the newer message; true if the key was not waiting yet. */
        synchronized boolean offer(Notice n) {
            boolean idle = pending == null;
            if (pending == null || n.revision() > pending.revision()) {
                pending = n;
            }
            return idle;
        }

        synchronized Notice take() {
            Notice n = pending;
            pending = null;
            return n;
        }
    }

    /**
     * Starts relaying {@code key} of {@code state}: subscribes its channel (waiting at most the timeout) and
     * reads its revision as the baseline. Counted: each call needs one {@link #unwatch}.
     *
     * @throws Failures.Failure if the server does not confirm the subscription or the read within the timeout
     */
    void watch(RedisStoreState state, String key) {
        byte[] channel = state.layout().channel(state.name(), key);
        String id = new String(channel, StandardCharsets.ISO_8859_1);
        Watched w;
        boolean first;
        CompletableFuture<Void> ready;
        synchronized (watched) {
            w = watched.computeIfAbsent(id, k -> new Watched(state, key, channel));
            first = w.count++ == 0;
            if (first) {
                w.ready = new CompletableFuture<>();
            }
            ready = w.ready;
        }
        if (!first) {
            // Another watch of the key is subscribing: this one begins when that subscription is in place, so
            // that no change made after it returns can pass unseen.
            try {
                ready.get(connections.timeout().toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                unwatch(state, key);
                throw new Failures.Failure("subscribing to the key's changes at " + connections.server()
                        + " failed: " + (e.getCause() == null ? e : e.getCause()), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unwatch(state, key);
                throw new Failures.Failure("interrupted while subscribing at " + connections.server(), e);
            }
        }
        try {
            subscribe(w);
            state.baseline(key);
            ready.complete(null);
        } catch (RuntimeException e) {
            ready.completeExceptionally(e);
            unwatch(state, key);
            throw e instanceof Failures.Failure ? e : Failures.of(e, connections.server(), null);
        }
    }

    /** Stops relaying {@code key} once every {@link #watch} of it is undone. */
    void unwatch(RedisStoreState state, String key) {
        byte[] channel = state.layout().channel(state.name(), key);
        String id = new String(channel, StandardCharsets.ISO_8859_1);
        Watched gone = null;
        synchronized (watched) {
            Watched w = watched.get(id);
            if (w != null && --w.count == 0) {
                watched.remove(id);
                gone = w;
            }
        }
        if (gone != null) {
            state.forget(key);
            unsubscribe(gone);
        }
    }

    private void subscribe(Watched w) {
        if (clusterClient == null) {
            standaloneConnection().sync().ssubscribe(w.channel);
            return;
        }
        RedisClusterNode primary = clusterConnection().getPartitions().getMasterBySlot(SlotHash.getSlot(w.channel));
        if (primary == null) {
            throw new Failures.Failure("no primary of slot " + SlotHash.getSlot(w.channel) + " is known at "
                    + connections.server(), null);
        }
        StatefulRedisPubSubConnection<byte[], byte[]> node = clusterConnection().getConnection(primary.getNodeId());
        listenTo(node);
        node.sync().ssubscribe(w.channel);
        w.nodeId = primary.getNodeId();
    }

    private void unsubscribe(Watched w) {
        try {
            if (clusterClient == null) {
                standaloneConnection().async().sunsubscribe(w.channel);
            } else if (w.nodeId != null) {
                clusterConnection().getConnection(w.nodeId).async().sunsubscribe(w.channel);
            }
        } catch (RuntimeException e) {
            // Only costs the messages of a key nobody watches, until the connection ends.
            LOG.log(Level.DEBUG, () -> "unsubscribing a channel at " + connections.server() + " failed: " + e);
        }
    }

    private synchronized StatefulRedisPubSubConnection<byte[], byte[]> standaloneConnection() {
        if (pubsub == null) {
            StatefulRedisPubSubConnection<byte[], byte[]> c = redisClient.connectPubSub(ByteArrayCodec.INSTANCE, uri);
            listenTo(c);
            redisClient.addListener(new Reconnects(c));
            pubsub = c;
        }
        return pubsub;
    }

    private synchronized StatefulRedisClusterPubSubConnection<byte[], byte[]> clusterConnection() {
        if (clusterPubsub == null) {
            clusterPubsub = clusterClient.connectPubSub(ByteArrayCodec.INSTANCE);
            clusterClient.addListener(new Reconnects(null));
            topologyEvents = clusterClient.getResources().eventBus().get()
                    .filter(e -> e instanceof ClusterTopologyChangedEvent)
                    .subscribe(e -> scheduleResync(0));
        }
        return clusterPubsub;
    }

    private void listenTo(StatefulRedisPubSubConnection<byte[], byte[]> c) {
        synchronized (listened) {
            if (listened.add(c)) {
                c.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void smessage(byte[] channel, byte[] message) {
                        onMessage(channel, message);
                    }
                });
            }
        }
    }

    /** Runs on Lettuce's event loop: only parses and queues. */
    private void onMessage(byte[] channel, byte[] message) {
        Watched w = watched.get(new String(channel, StandardCharsets.ISO_8859_1));
        Notice n = Notice.parse(message);
        if (w == null || n == null || closed) {
            return;
        }
        if (w.offer(n)) {
            dispatcher.execute(() -> deliver(w));
        }
    }

    private void deliver(Watched w) {
        Notice n = w.take();
        if (n == null) {
            return;
        }
        try {
            w.state.deliver(w.key, n);
        } catch (RuntimeException e) {
            // The value could not be read: the resynchronisation delivers the key's state later.
            LOG.log(Level.WARNING, "redis watch of key '" + w.key + "' in store '" + w.state.name() + "': " + e
                    + "; its state is delivered once the server answers again");
            scheduleResync(1000);
        }
    }

    /** Resubscribes and resynchronises every watched key, soon, once. */
    void scheduleResync(long delayMillis) {
        if (!closed && !watched.isEmpty() && resyncScheduled.compareAndSet(false, true)) {
            dispatcher.schedule(this::resync, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void resync() {
        resyncScheduled.set(false);
        if (closed) {
            return;
        }
        List<Watched> all = new ArrayList<>(watched.values());
        try {
            if (clusterClient != null) {
                clusterClient.refreshPartitions();
            }
            for (Watched w : all) {
                if (w.count > 0) {
                    subscribe(w);
                }
            }
            for (Watched w : all) {
                if (w.count > 0) {
                    w.state.resync(w.key);
                }
            }
            LOG.log(Level.DEBUG, () -> "redis watchers at " + connections.server() + " resynchronised "
                    + all.size() + " keys");
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, () -> "redis watchers at " + connections.server() + " cannot resynchronise yet ("
                    + Failures.describe(e, connections.server(), null) + "); retrying in 1 s");
            scheduleResync(1000);
        }
    }

    /** The number of pub/sub connections open, for tests of the bound. */
    int pubSubConnections() {
        synchronized (listened) {
            return listened.size();
        }
    }

    void close() {
        closed = true;
        dispatcher.shutdownNow();
        if (topologyEvents != null) {
            topologyEvents.dispose();
        }
        // The pub/sub connections are the client's: its shutdown closes them.
    }

    /**
     * Schedules a resynchronisation whenever a relevant connection comes back after it was lost (its first
     * connect is not a return): the messages sent while it was away are gone.
     */
    private final class Reconnects implements RedisConnectionStateListener {
        private final Object only;
        private final Set<Object> dropped = Collections.newSetFromMap(new IdentityHashMap<>());

        Reconnects(Object only) {
            this.only = only;
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (only == null || connection == only) {
                synchronized (dropped) {
                    dropped.add(connection);
                }
            }
        }

        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            boolean back;
            synchronized (dropped) {
                back = dropped.remove(connection);
            }
            if (back) {
                LOG.log(Level.DEBUG, () -> "redis connection to " + address + " is back; resynchronising watchers");
                scheduleResync(0);
            }
        }
    }
}
